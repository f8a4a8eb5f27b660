// connect()'s pool and timeout options are typed.
import { connect } from '../../lib/index.js';

export function connectionOptions(): void {
  connect({ typed: { url: 'sqlite::memory:', pool: { min: 0, max: 5, acquireTimeoutMillis: 100, idleTimeoutMillis: 1000 } } });
  connect({ timed: { url: 'postgres://localhost/app', statementTimeoutMillis: 5000 } });
  // @ts-expect-error a timeout is a number of milliseconds
  connect({ bad: { url: 'postgres://localhost/app', statementTimeoutMillis: '5s' } });
  // @ts-expect-error idleTimeout is spelled idleTimeoutMillis
  connect({ bad: { url: 'postgres://localhost/app', pool: { idleTimeout: 5 } } });
}
