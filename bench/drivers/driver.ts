/** The smallest async surface the raw-driver baselines need. SQL uses `?` placeholders. */
export interface RawDriver {
  all(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}
