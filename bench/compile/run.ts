// `npm run bench:compile`: what building and compiling a report query with ten nested expressions
// costs, per call, on each dialect's compiler (no database is queried; SQLite runs in memory).
import { performance } from 'node:perf_hooks';
import {
  Case, Coalesce, connect, Count, disconnect, Exists, F, Lag, OuterRef, Q, Subquery, Sum, TruncMonth, Upper, Value, When, Window, type QuerySet,
} from '../../lib/index.js';
import { RAuthor, RBook, RReview } from '../../spec/models/report-models.js';

/** Ten expressions, nested: Case over Q, Coalesce of a filtered Sum, a Subquery with OuterRef, Exists, a window over Lag, functions. */
function reportQuery(): QuerySet<typeof RBook, unknown> {
  return RBook.objects
    .annotate({
      band: Case(When(Q({ price__lt: '10' }).or({ pages__lt: 100 }), Value('cheap')), When({ price__lt: '30' }, Value('mid')), { default: Value('dear') }),
      newest: Subquery(RReview.objects.filter({ book: OuterRef('pk'), stars__gte: 3 }).orderBy('-at').values('at').slice(0, 1)),
      reviewed: Exists(RReview.objects.filter({ book: OuterRef('pk') })),
      month: TruncMonth('published'),
      shout: Upper('title'),
      previous: Window(Lag<number>('pages', 1, 0), { partitionBy: ['author'], orderBy: [F('published').desc({ nullsLast: true })] }),
      weighted: Coalesce(F('pages').mul(2).add(F('pages').div(3)), Value(0)),
    })
    .filter({ reviewed: true, band__in: ['mid', 'dear'] })
    .orderBy(F('newest').desc({ nullsLast: true }), 'title') as unknown as QuerySet<typeof RBook, unknown>;
}

function perCall(run: () => void, iterations: number): number {
  for (let i = 0; i < 500; i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return ((performance.now() - started) * 1000) / iterations;
}

const URLS: Record<string, string> = { sqlite: 'sqlite::memory:', postgres: 'postgres://root@127.0.0.1:5432/test', mysql: 'mysql://root@127.0.0.1:3306/test' };
const iterations = Number(process.env.WREN_BENCH_ITERATIONS ?? 5000);
console.log(`${iterations} calls each; µs per call (lower is better)`);
console.log('dialect    build + compile   compile only   aggregate group (build + compile)   plain filter (build + compile / compile only)');
for (const dialect of (process.env.WREN_DIALECTS ?? 'sqlite,postgres,mysql').split(',')) {
  connect(URLS[dialect]!);
  const built = reportQuery();
  const both = perCall(() => reportQuery().toSQL(), iterations);
  const compileOnly = perCall(() => built.toSQL(), iterations);
  const grouped = perCall(() => RAuthor.objects.annotate({ n: Count('books', { filter: Q({ books__inStock: true }) }), total: Sum('books__pages') }).filter({ n__gt: 0 }).toSQL(), iterations);
  // The everyday query, for the cost expressions add to queries that use none.
  const plain = () => RBook.objects.filter({ title: 'Alpha', pages__gt: 3 }).orderBy('-price').slice(0, 10);
  const plainBuilt = plain();
  const plainBoth = perCall(() => plain().toSQL(), iterations * 20);
  const plainCompile = perCall(() => plainBuilt.toSQL(), iterations * 20);
  console.log(`${dialect.padEnd(10)} ${both.toFixed(1).padStart(15)} ${compileOnly.toFixed(1).padStart(14)} ${grouped.toFixed(1).padStart(20)} ${plainBoth.toFixed(2).padStart(24)} / ${plainCompile.toFixed(2)}`);
  await disconnect();
}
