// Type tests for the database functions: checked by `tsc --noEmit -p .`, never run.
import {
  CharField, Coalesce, Concat, DateTimeField, DecimalField, ExtractYear, Greatest, IntegerField, Length, Log, MD5, Model, Now,
  NullIf, Round, StdDev, Substr, Trunc, TruncDate, TruncMonth, TruncTime, Upper, Value, Variance, Extract, LPad, Abs,
  type Expression, type FieldValues,
} from '../../lib/index.js';
import { check, type Equal } from './assert.js';

class Sale extends Model {
  static fields = {
    title: new CharField({ maxLength: 40 }),
    nick: new CharField({ maxLength: 40, null: true }),
    units: new IntegerField(),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    at: new DateTimeField(),
  };
  static objects = this.manager();
}
interface Sale extends FieldValues<typeof Sale> {}

export async function functionTypes(): Promise<void> {
  // Each function's result type flows into annotations and values().
  const rows = await Sale.objects
    .annotate({
      up: Upper('title'), nick: Upper<string | null>('nick'), len: Length('title'), label: Concat('title', Value(' #'), 'units'),
      month: TruncMonth('at'), day: TruncDate('at'), time: TruncTime('at'), year: ExtractYear('at'), rounded: Round<string>('price', 1),
      none: NullIf<number>('units', 0), first: Coalesce<string>('nick', 'title'), now: Now(), log: Log(2, 'units'), hash: MD5('title'),
    })
    .values('up', 'nick', 'len', 'label', 'month', 'day', 'time', 'year', 'rounded', 'none', 'first', 'now', 'log', 'hash');
  const row = rows[0]!;
  check<Equal<typeof row.up, string>>();
  check<Equal<typeof row.nick, string | null>>();
  check<Equal<typeof row.len, number>>();
  check<Equal<typeof row.label, string>>();
  check<Equal<typeof row.month, Date>>();
  check<Equal<typeof row.day, string>>();
  check<Equal<typeof row.time, string>>();
  check<Equal<typeof row.year, number>>();
  check<Equal<typeof row.rounded, string>>();
  check<Equal<typeof row.none, number | null>>();
  check<Equal<typeof row.first, string>>();
  check<Equal<typeof row.now, Date>>();
  check<Equal<typeof row.log, number>>();
  check<Equal<typeof row.hash, string>>();

  const stats = await Sale.objects.aggregate({ sd: StdDev('units', { sample: true }), v: Variance('price') });
  check<Equal<typeof stats.sd, number | null>>();
  check<Equal<typeof stats.v, number | null>>();

  // A truncated DateField is a string: say so.
  const dates: Expression<string> = Trunc<string>('at', 'week');
  const greatest: Expression<number> = Greatest<number>('units', 0);
  void dates;
  void greatest;

  // @ts-expect-error Substr needs a position
  Substr('title');
  // @ts-expect-error not a Trunc unit
  Trunc('at', 'decade');
  // @ts-expect-error not an Extract part
  Extract('at', 'epoch');
  // @ts-expect-error Round's places are a number
  Round('price', '2');
  // @ts-expect-error a text result is a string
  Upper<number>('title');
  // @ts-expect-error Log takes a base and a value
  Log('units');
  // @ts-expect-error sample is a boolean
  StdDev('units', { sample: 'yes' });
  // @ts-expect-error a bigint is not an argument (Value(1n) is)
  Abs(1n);
  // @ts-expect-error the fill is an expression or a field name, not an options object
  LPad('title', 5, { fill: '0' });
}
