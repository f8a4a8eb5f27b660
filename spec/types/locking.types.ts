// selectForUpdate(), atomic() options and retry(): typed options, results unchanged.
import { atomic, retry, type IsolationLevel } from '../../lib/index.js';
import { check, type Equal } from './assert.js';
import { ContractAuthor } from './contract.types.js';

export async function locking(): Promise<void> {
  const rows = await atomic(() => ContractAuthor.objects.filter({ age__gte: 18 }).selectForUpdate({ skipLocked: true, of: ['self'] }).fetch());
  check<Equal<typeof rows, ContractAuthor[]>>();
  const first = await atomic(() => ContractAuthor.objects.selectForUpdate().first(), { isolation: 'serializable', durable: true });
  check<Equal<typeof first, ContractAuthor | undefined>>();
  const level: IsolationLevel = 'read committed';
  const n = await retry(() => atomic(async () => 1, { isolation: level }), { attempts: 5, delayMs: 1 });
  check<Equal<typeof n, number>>();

  // @ts-expect-error nowait is a boolean
  ContractAuthor.objects.selectForUpdate({ nowait: 'yes' });
  // @ts-expect-error an unknown option
  ContractAuthor.objects.selectForUpdate({ wait: false });
  // @ts-expect-error not an isolation level
  await atomic(async () => 1, { isolation: 'snapshot' });
  // @ts-expect-error retry() takes attempts, not retries
  await retry(async () => 1, { retries: 2 });
}
