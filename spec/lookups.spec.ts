import { expect } from 'chai';
import {
  CharField, connect, F, ValidationError, disconnect, FieldError, IntegerField, Lookup, NotSupportedError, Q, QuerySet, Transform,
  type Field, type LookupCompiler, type SqlFragment,
} from '../lib/index.js';
import { forEachDialect, resetTables, dropTables, truncate } from './support/dialects.js';
import { LookupAuthor, LookupPerson } from './models/lookup-models.js';

/** `age__ne`: a user-defined lookup, registered the way the built-ins are. */
class NotEqualLookup extends Lookup {
  readonly lookupName = 'ne';

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler) {
    const right = this.rhsSql(rhs, field, compiler);
    return { sql: `${lhs} <> ${right.sql}`, bindings: right.bindings };
  }
}
IntegerField.registerLookup(new NotEqualLookup());

/** `name__length__gte`: a user-defined transform; its output field decides what may follow. */
class LengthTransform extends Transform {
  readonly lookupName = 'length';

  outputField(): Field {
    return new IntegerField();
  }

  asSql(lhs: SqlFragment, _source: Field, compiler: LookupCompiler): SqlFragment {
    // Characters, not bytes: MySQL's LENGTH counts bytes; SQLite has no CHAR_LENGTH.
    const fn = compiler.dialect.vendor === 'sqlite' ? 'LENGTH' : 'CHAR_LENGTH';
    return { sql: `${fn}(${lhs.sql})`, bindings: lhs.bindings };
  }
}
CharField.registerLookup(new LengthTransform());
// Tells the filter types that `__ne` takes a number (and so applies to number fields).
declare module '../lib/index.js' {
  interface CustomLookups {
    ne: number;
  }
}

const PEOPLE = [
  { name: 'Ann', bio: 'Likes 100% cotton', age: 31, born: '1990-03-15', joined: new Date('2021-06-05T08:30:45Z'), wakes: '06:15:30', token: '0f8fad5b-d9cb-469f-a165-70867728950e' },
  { name: 'bob', bio: 'snake_case fan', age: 17, born: '2005-12-31', joined: new Date('2020-01-01T23:59:59Z'), wakes: '07:00:00' },
  { name: 'Émile', bio: 'C:\\path\\to', age: 40, born: '1980-07-04', joined: new Date('2020-02-29T12:00:00Z'), wakes: '22:45:10' },
  { name: 'éva', bio: null, age: null, born: null, joined: null, wakes: null },
  { name: 'Zoë', bio: 'ZOË in caps', age: 25, born: '1998-01-01', joined: new Date('2022-12-25T00:00:00Z'), wakes: '12:00:00' },
];
const ALL = PEOPLE.map((p) => p.name).sort();

/** Names matched, sorted in JS so the result does not depend on a collation. */
async function names(qs: QuerySet<typeof LookupPerson>): Promise<string[]> {
  return (await qs.valuesList('name', { flat: true })).sort();
}

const people = LookupPerson.objects;

forEachDialect('Lookups', [LookupPerson, LookupAuthor], (dialect) => {
  before(async () => {
    await truncate([LookupPerson]);
    await people.bulkCreate(PEOPLE);
  });

  describe('equality', () => {
    it('exact is case-sensitive; exact null means IS NULL', async () => {
      expect(await names(people.filter({ name: 'Ann' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__exact: 'ann' }))).to.deep.equal([]);
      expect(await names(people.filter({ age: null }))).to.deep.equal(['éva']);
      expect(people.filter({ age: null }).toSQL().sql).to.match(/IS NULL/);
    });

    it('iexact ignores case, including non-ASCII letters', async () => {
      expect(await names(people.filter({ name__iexact: 'ANN' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__iexact: 'BOB' }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ name__iexact: 'ÉMILE' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ name__iexact: 'ÉVA' }))).to.deep.equal(['éva']);
      expect(await names(people.filter({ name__iexact: 'zoë' }))).to.deep.equal(['Zoë']);
      // Trailing spaces count, for iexact and exact alike (MySQL/MariaDB tables use a NO PAD collation).
      expect(await names(people.filter({ name__iexact: 'ann ' }))).to.deep.equal([]);
      expect(await names(people.filter({ name: 'Ann ' }))).to.deep.equal([]);
      expect(await names(people.filter({ bio__iexact: null } as never))).to.deep.equal(['éva']);
      expect(await names(people.filter({ name__iexact: F('bio') } as never))).to.deep.equal([]);
      expect(await names(people.filter({ bio__istartswith: 'zoë' }))).to.deep.equal(['Zoë']);
    });

    it('in matches any listed value; an empty list matches nothing', async () => {
      expect(await names(people.filter({ age__in: [17, 31, 99] }))).to.deep.equal(['Ann', 'bob']);
      expect(await names(people.filter({ name__in: ['Zoë', 'nobody'] }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ age__in: [] }))).to.deep.equal([]);
      expect(await people.filter({ age__in: [] }).count()).to.equal(0);
      const { sql, bindings } = people.filter({ age__in: [17, 31] }).toSQL();
      if (dialect === 'postgres') {
        // One array parameter, whatever the number of values.
        expect(sql).to.match(/= ANY\(\?\)/);
        expect(bindings).to.deep.equal([[17, 31]]);
      } else {
        expect(sql).to.match(/IN \(\?, \?\)/);
        expect(bindings).to.deep.equal([17, 31]);
      }
    });

    it('in binds its values exactly, including text with quotes, commas, braces and backslashes, and big keys', async () => {
      const awkward = ['a"b', 'c,d', '{e}', 'f\\g', 'NULL', ' h '];
      await LookupPerson.objects.bulkCreate(awkward.map((name, i) => ({ name, age: 200 + i })));
      try {
        expect((await names(people.filter({ name__in: awkward }))).sort()).to.deep.equal([...awkward].sort());
        expect((await names(people.filter({ name__in: ['a"b', 'NULL'] }))).sort()).to.deep.equal(['NULL', 'a"b']);
        expect(await people.exclude({ name__in: awkward }).filter({ age__gte: 200 }).count()).to.equal(0);
        const many = Array.from({ length: 3000 }, (_, i) => i + 100);
        expect(await people.filter({ age__in: many }).count()).to.equal(awkward.length);
        const token = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
        await people.filter({ name: 'c,d' }).update({ token });
        expect(await names(people.filter({ token__in: [token, '00000000-0000-4000-8000-000000000000'] }))).to.deep.equal(['c,d']);
      } finally {
        await people.filter({ age__gte: 200 }).delete();
      }
    });

    it('exclude with an empty in keeps every row, NULLs included', async () => {
      expect(await names(people.exclude({ age__in: [] }))).to.deep.equal(ALL);
    });

    it('isnull true and false', async () => {
      expect(await names(people.filter({ bio__isnull: true }))).to.deep.equal(['éva']);
      expect(await names(people.filter({ bio__isnull: false }))).to.have.length(4);
      expect(await names(people.exclude({ joined__isnull: true }))).to.deep.equal(['Ann', 'Zoë', 'bob', 'Émile']);
    });
  });

  describe('comparisons', () => {
    it('gt, gte, lt, lte on integers', async () => {
      expect(await names(people.filter({ age__gt: 31 }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ age__gte: 31 }))).to.deep.equal(['Ann', 'Émile']);
      expect(await names(people.filter({ age__lt: 25 }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ age__lte: 25 }))).to.deep.equal(['Zoë', 'bob']);
    });

    it('compare dates, datetimes and times', async () => {
      expect(await names(people.filter({ born__lt: '1990-03-15' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ born__gte: '1990-03-15' }))).to.deep.equal(['Ann', 'Zoë', 'bob']);
      expect(await names(people.filter({ joined__gt: new Date('2021-06-05T08:30:45Z') }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ joined__lte: new Date('2020-02-29T12:00:00Z') }))).to.deep.equal(['bob', 'Émile']);
      expect(await names(people.filter({ wakes__lt: '07:00:00' }))).to.deep.equal(['Ann']);
    });

    it('range is inclusive at both ends', async () => {
      expect(await names(people.filter({ age__range: [17, 31] }))).to.deep.equal(['Ann', 'Zoë', 'bob']);
      expect(await names(people.filter({ born__range: ['1990-01-01', '2000-01-01'] }))).to.deep.equal(['Ann', 'Zoë']);
      expect(people.filter({ age__range: [1, 2] }).toSQL().sql).to.match(/BETWEEN \? AND \?/);
    });

    it('gt on text compares by code point', async () => {
      expect(await names(people.filter({ name__gt: 'a' }))).to.deep.equal(['bob', 'Émile', 'éva']);
    });
  });

  describe('patterns', () => {
    it('contains is case-sensitive; icontains is not, whatever the collation', async () => {
      expect(await names(people.filter({ bio__contains: 'cotton' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ bio__contains: 'Cotton' }))).to.deep.equal([]);
      expect(await names(people.filter({ bio__icontains: 'COTTON' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__contains: 'É' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ name__icontains: 'É' }))).to.deep.equal(['Émile', 'éva']);
      expect(await names(people.filter({ name__icontains: 'ë' }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ bio__icontains: 'zoë' }))).to.deep.equal(['Zoë']);
    });

    it('contains matches %, _ and backslash literally', async () => {
      expect(await names(people.filter({ bio__contains: '100%' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ bio__contains: '%' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ bio__contains: '_' }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ bio__icontains: 'E_C' }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ bio__contains: 'snake%' }))).to.deep.equal([]);
      expect(await names(people.filter({ bio__contains: '\\' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ bio__contains: ':\\path\\' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ bio__icontains: '\\PATH' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ bio__contains: '*' }))).to.deep.equal([]);
      expect(await names(people.filter({ bio__contains: '[' }))).to.deep.equal([]);
    });

    it('startswith / istartswith', async () => {
      expect(await names(people.filter({ name__startswith: 'A' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__startswith: 'a' }))).to.deep.equal([]);
      expect(await names(people.filter({ name__istartswith: 'a' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__istartswith: 'é' }))).to.deep.equal(['Émile', 'éva']);
      expect(await names(people.filter({ bio__startswith: 'Likes 100%' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ bio__startswith: 'Likes 100_' }))).to.deep.equal([]);
      expect(await names(people.filter({ bio__startswith: '_' }))).to.deep.equal([]);
    });

    it('endswith / iendswith', async () => {
      expect(await names(people.filter({ name__endswith: 'e' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ name__endswith: 'B' }))).to.deep.equal([]);
      expect(await names(people.filter({ name__iendswith: 'B' }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ name__iendswith: 'Ë' }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ bio__endswith: '\\to' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ bio__endswith: '%' }))).to.deep.equal([]);
    });

    it('work on UUID columns (a native uuid type on PostgreSQL)', async () => {
      expect(await names(people.filter({ token: '0F8FAD5B-D9CB-469F-A165-70867728950E' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ token__startswith: '0f8fad5b' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ token__contains: 'D9CB' }))).to.deep.equal([]);
      expect(await names(people.filter({ token__icontains: 'D9CB' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ token__iexact: '0F8FAD5B-D9CB-469F-A165-70867728950E' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ token__regex: '^0f8f' }))).to.deep.equal(['Ann']);
    });

    it('binds an escaped pattern rather than splicing the value into SQL', () => {
      const { sql, bindings } = people.filter({ bio__icontains: "100%_' x" }).toSQL();
      expect(sql).not.to.include('100');
      expect(JSON.stringify(bindings)).to.include('100');
      // SQLite's LIKE stops at U+0000, so it searches with instr() (see spec/hostile-values.spec.ts).
      expect(sql).to.match(dialect === 'sqlite' ? /instr\(/ : /LIKE/);
    });

    it('lowers both sides itself instead of trusting a collation', () => {
      const expected: Record<string, RegExp> = {
        sqlite: /instr\(wren_lower\("lookups_people"\."name"\), \?\) > 0/,
        postgres: /LOWER\(\("lookups_people"\."name"\)::text\) LIKE LOWER\(\(\?\)::text\) ESCAPE/,
        mysql: /LOWER\(`lookups_people`\.`name`\) LIKE BINARY LOWER\(\?\)/,
      };
      const { sql, bindings } = people.filter({ name__icontains: 'a_b%' }).toSQL();
      expect(sql).to.match(expected[dialect]!);
      // SQLite binds the needle lowered as wren_lower() lowers the column, and needs no escaping.
      expect(bindings).to.deep.equal(dialect === 'sqlite' ? ['a_b%'] : ['%a\\_b\\%%']);
    });

    it('rejects a non-string pattern', () => {
      expect(() => people.filter({ name__contains: 5 } as never)).to.throw(FieldError, /name__contains needs a string/);
    });
  });

  describe('regular expressions', () => {
    it('regex is case-sensitive, iregex is not', async () => {
      expect(await names(people.filter({ name__regex: '^[AZ]' }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.filter({ name__regex: '^[az]' }))).to.deep.equal([]);
      expect(await names(people.filter({ name__iregex: '^[az]' }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.filter({ name__iregex: '^b.b$' }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ bio__regex: '[0-9]+%' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ name__iregex: '^é' }))).to.deep.equal(['Émile', 'éva']);
    });

    it('exclude by regex keeps NULL rows', async () => {
      expect(await names(people.exclude({ bio__regex: 'a' }))).to.deep.equal(['Ann', 'éva']);
    });
  });

  describe('date and time transforms', () => {
    it('year, month, day', async () => {
      expect(await names(people.filter({ joined__year: 2020 }))).to.deep.equal(['bob', 'Émile']);
      expect(await names(people.filter({ joined__month: 2 }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ joined__day: 25 }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ born__year: 1980 }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ born__month: 12, born__day: 31 }))).to.deep.equal(['bob']);
    });

    it('week_day counts 1 = Sunday .. 7 = Saturday', async () => {
      expect(await names(people.filter({ joined__week_day: 7 }))).to.deep.equal(['Ann', 'Émile']);
      expect(await names(people.filter({ joined__week_day: 1 }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ joined__week_day: 4 }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ born__week_day: 5 }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.filter({ born__week_day: 6 }))).to.deep.equal(['Émile']);
    });

    it('quarter, week, iso_year and iso_week_day (ISO 8601), as a JavaScript reference computes them', async () => {
      // ISO week: the week (Monday first) holding the date's Thursday; its year is the ISO year.
      const iso = (d: Date) => {
        const day = (d.getUTCDay() + 6) % 7; // Monday 0
        const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
        const week = 1 + Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 / 7);
        return { quarter: Math.floor(d.getUTCMonth() / 3) + 1, week, iso_year: thursday.getUTCFullYear(), iso_week_day: day + 1 };
      };
      for (const column of ['born', 'joined'] as const) {
        for (const part of ['quarter', 'week', 'iso_year', 'iso_week_day'] as const) {
          const expected = new Map<number, string[]>();
          for (const person of PEOPLE) {
            const value = person[column];
            if (!value) continue;
            const key = iso(typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value)[part];
            expected.set(key, [...(expected.get(key) ?? []), person.name]);
          }
          for (const [key, who] of expected) {
            expect(await names(people.filter({ [`${column}__${part}`]: key } as never)), `${column}__${part} = ${key}`).to.deep.equal(who.sort());
          }
        }
      }
      expect(await names(people.filter({ joined__quarter__gte: 2 }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.exclude({ born__quarter: 1 }))).to.deep.equal(['bob', 'Émile', 'éva']);
    });

    it('time is the time of day of a datetime (UTC), compared as a TimeField', async () => {
      expect(await names(people.filter({ joined__time: '08:30:45' }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ joined__time: '00:00' }))).to.deep.equal(['Zoë']);
      expect(await names(people.filter({ joined__time__gte: '12:00:00' }))).to.deep.equal(['bob', 'Émile']);
      expect(await names(people.filter({ joined__time__range: ['08:00:00', '12:00:00'] }))).to.deep.equal(['Ann', 'Émile']);
      expect(await names(people.filter({ joined__time__in: ['23:59:59', '00:00:00'] }))).to.deep.equal(['Zoë', 'bob']);
      expect(await names(people.exclude({ joined__time__lt: '12:00' }))).to.deep.equal(['bob', 'Émile', 'éva']);
    });

    it('hour, minute, second of datetimes (UTC) and times', async () => {
      expect(await names(people.filter({ joined__hour: 23 }))).to.deep.equal(['bob']);
      expect(await names(people.filter({ joined__minute: 30 }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ joined__second: 45 }))).to.deep.equal(['Ann']);
      expect(await names(people.filter({ joined__second: 0 }))).to.deep.equal(['Zoë', 'Émile']);
      expect(await names(people.filter({ wakes__hour__gte: 12 }))).to.deep.equal(['Zoë', 'Émile']);
      expect(await names(people.filter({ wakes__minute: 45 }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ wakes__second: 30 }))).to.deep.equal(['Ann']);
    });

    it('date of a datetime', async () => {
      expect(await names(people.filter({ joined__date: '2020-02-29' }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ joined__date__gte: '2021-06-05' }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.filter({ joined__date__lt: '2020-01-02' }))).to.deep.equal(['bob']);
    });

    it('chains a transform with a lookup', async () => {
      expect(await names(people.filter({ joined__year__gte: 2021 }))).to.deep.equal(['Ann', 'Zoë']);
      expect(await names(people.filter({ joined__year__in: [2020, 2022] }))).to.deep.equal(['Zoë', 'bob', 'Émile']);
      expect(await names(people.filter({ joined__month__range: [1, 6] }))).to.deep.equal(['Ann', 'bob', 'Émile']);
      expect(await names(people.filter({ born__year__lt: 1990 }))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ joined__hour__lte: 8 }))).to.deep.equal(['Ann', 'Zoë']);
    });

    it('exclude on a transform keeps rows whose column is NULL', async () => {
      expect(await names(people.exclude({ joined__year: 2020 }))).to.deep.equal(['Ann', 'Zoë', 'éva']);
    });
  });

  describe('exclude() and NULL', () => {
    it('keeps NULL rows, as Django does', async () => {
      expect(await names(people.exclude({ age: 31 }))).to.deep.equal(['Zoë', 'bob', 'Émile', 'éva']);
      expect(await names(people.exclude({ age__gt: 20 }))).to.deep.equal(['bob', 'éva']);
      expect(await names(people.exclude({ bio__icontains: 'A' }))).to.deep.equal(['Ann', 'éva']);
      expect(people.exclude({ age: 31 }).toSQL().sql).to.match(/IS NOT NULL/);
    });

    it('does not add a NULL check for non-nullable columns', () => {
      expect(people.exclude({ name: 'Ann' }).toSQL().sql).not.to.match(/IS NOT NULL/);
    });

    it('exclude of isnull is its plain negation', async () => {
      expect(await names(people.exclude({ age__isnull: false }))).to.deep.equal(['éva']);
    });
  });

  describe('Q objects', () => {
    it('or, and, not and nesting', async () => {
      expect(await names(people.filter(Q({ age__gte: 31 }).or({ name__startswith: 'b' })))).to.deep.equal(['Ann', 'bob', 'Émile']);
      expect(await names(people.filter(Q({ age__gte: 20 }).and({ age__lt: 35 })))).to.deep.equal(['Ann', 'Zoë']);
      // Django's ~Q keeps NULLs too: NOT (age >= 20 AND age IS NOT NULL).
      expect(await names(people.filter(Q({ age__gte: 20 }).not()))).to.deep.equal(['bob', 'éva']);
      const nested = Q({ name: 'bob' }).or(Q({ age__gt: 30 }).and(Q({ name__icontains: 'é' })));
      expect(await names(people.filter(nested))).to.deep.equal(['bob', 'Émile']);
      expect(await names(people.filter(nested.not()))).to.deep.equal(['Ann', 'Zoë', 'éva']);
    });

    it('combines with keyword filters and exclude', async () => {
      expect(await names(people.filter(Q({ age__lt: 30 }).or({ age__isnull: true }), { name__icontains: 'o' }))).to.deep.equal(['Zoë', 'bob']);
      expect(await names(people.exclude(Q({ age__lt: 20 }).or({ age__gt: 35 })))).to.deep.equal(['Ann', 'Zoë', 'éva']);
      expect(await names(people.filter(Q()))).to.deep.equal(ALL);
    });

    it('an empty Q is no condition: OR-ing onto it, negating it or excluding it changes nothing (Django)', async () => {
      // The loop idiom: q = Q(); q = q.or(...) for each value.
      let q = Q<{ name?: string }>();
      for (const name of ['Ann', 'bob']) q = q.or({ name });
      expect(await names(people.filter(q))).to.deep.equal(['Ann', 'bob']);
      expect(await names(people.filter(Q().or({ name: 'Zoë' })))).to.deep.equal(['Zoë']);
      expect(await names(people.filter(Q({ name: 'Zoë' }).or(Q())))).to.deep.equal(['Zoë']);
      expect(await names(people.filter(Q().and({ name: 'Zoë' })))).to.deep.equal(['Zoë']);
      expect(await names(people.exclude(Q()))).to.deep.equal(ALL);
      expect(await names(people.exclude({}))).to.deep.equal(ALL);
      expect(await names(people.filter(Q().not()))).to.deep.equal(ALL);
      expect(await names(people.filter(Q().or(Q()).not()))).to.deep.equal(ALL);
      expect(await names(people.filter({ name: 'bob' }).exclude(Q()))).to.deep.equal(['bob']);
      // Writes too: an update through an OR built on Q() touches only the rows it names.
      expect(await people.filter(Q().or({ name: 'Ann' })).update({ bio: 'updated' })).to.equal(1);
      expect(await people.filter({ bio: 'updated' }).count()).to.equal(1);
      await people.filter({ name: 'Ann' }).update({ bio: PEOPLE[0]!.bio });
      expect(people.filter(Q().or({ name: 'Ann' })).toSQL().sql).to.not.match(/1 = 1/);
    });

    it('multiple keys in one Q are ANDed', async () => {
      expect(await names(people.filter(Q({ age__gt: 20, name__startswith: 'Z' })))).to.deep.equal(['Zoë']);
    });
  });

  describe('custom lookups', () => {
    it('runs a lookup a user registered on a field class', async () => {
      expect(await names(people.filter(Q({ age__ne: 31 })))).to.deep.equal(['Zoë', 'bob', 'Émile']);
      expect(people.filter(Q({ age__ne: 31 })).toSQL().sql).to.match(/<> \?/);
    });

    it('is offered after a transform whose output field has it', async () => {
      expect(await names(people.filter(Q({ joined__year__ne: 2020 })))).to.deep.equal(['Ann', 'Zoë']);
    });

    it('runs a transform a user registered, followed by built-in and custom lookups', async () => {
      expect(await names(people.filter({ name__length__gte: 4 } as never))).to.deep.equal(['Émile']);
      expect(await names(people.filter({ name__length: 3, name__startswith: 'b' } as never))).to.deep.equal(['bob']);
      expect(await names(people.filter({ name__length__ne: 3 } as never))).to.deep.equal(['Émile']);
    });

    it('is not offered on other field classes', () => {
      expect(() => people.filter({ name__ne: 'x' } as never)).to.throw(FieldError, /Unsupported lookup 'ne' for CharField 'name'/);
    });
  });

  describe('errors', () => {
    it('names the choices for an unknown field, in Django\'s words', () => {
      expect(() => LookupAuthor.objects.filter({ nme: 'x' } as never)).to.throw(
        FieldError,
        /^Cannot resolve keyword 'nme' into field\. Choices are: age, email, id, name\b/,
      );
      expect(() => LookupAuthor.objects.filter({ nme: 'x' } as never)).to.throw(FieldError, /Did you mean 'name'\?/);
      expect(() => LookupAuthor.objects.orderBy('-nme' as never)).to.throw(FieldError, /Cannot resolve keyword 'nme'.*Choices are: age, email, id, name/);
    });

    it('lists the valid lookups for an unknown lookup', () => {
      let message = '';
      try {
        people.filter({ name__contians: 'x' } as never);
      } catch (error) {
        expect(error).to.be.instanceOf(FieldError);
        message = (error as Error).message;
      }
      expect(message).to.match(/^Unsupported lookup 'contians' for CharField 'name'/);
      expect(message).to.include("Did you mean 'contains'?");
      expect(message).to.include('Choices are: bexact, contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in');
      expect(() => people.filter({ joined__year__contains: 'x' } as never)).to.throw(FieldError, /Unsupported lookup 'contains' for IntegerField 'joined__year' in 'joined__year__contains'\. Choices are: .*gte/);
      expect(() => people.filter({ age__year: 1 } as never)).to.throw(FieldError, /Unsupported lookup 'year' for IntegerField 'age'/);
      expect(() => people.filter({ name__exact__in: ['x'] } as never)).to.throw(FieldError, /'exact' is a lookup, so it must come last/);
    });

    it('rejects undefined values instead of dropping the condition', () => {
      expect(() => people.filter({ name: undefined })).to.throw(FieldError, /Filter 'name' on LookupPerson was given undefined/);
      expect(() => people.exclude(Q({ age__gt: undefined }))).to.throw(FieldError, /undefined/);
      expect(() => people.filter(Q({ name: 'x' }).or({ age: undefined }))).to.throw(FieldError, /undefined/);
    });

    it('rejects values the lookup cannot take', () => {
      expect(() => people.filter({ age__in: 5 } as never)).to.throw(FieldError, /age__in needs an array/);
      expect(() => people.filter({ age__range: [1] } as never)).to.throw(FieldError, /age__range needs \[low, high\]/);
      expect(() => people.filter({ age__isnull: 'yes' } as never)).to.throw(FieldError, /age__isnull needs true or false/);
      // Filter values convert as the column's values do: a bad one is a ValidationError naming model and field.
      expect(() => people.filter({ age: 'abc' } as never)).to.throw(ValidationError, /^LookupPerson\.age: 'abc' value must be an integer/);
      expect(() => people.filter({ born__gt: 'March' })).to.throw(ValidationError, /invalid date format/);
      expect(() => people.filter({ age__gt: null } as never)).to.throw(FieldError, /LookupPerson\.age__gt cannot compare with null; use age__isnull/);
      expect(() => people.filter({ joined__year__gte: null } as never)).to.throw(FieldError, /LookupPerson\.joined__year__gte cannot compare with null; use joined__year__isnull/);
    });
  });

  if (dialect === 'sqlite') {
    describe('the sqlite3 driver', () => {
      before(async () => {
        await disconnect();
        connect('sqlite+sqlite3::memory:');
        await resetTables([LookupPerson]);
        await people.bulkCreate(PEOPLE);
      });
      after(async () => {
        await dropTables([LookupPerson]);
        await disconnect();
        connect('sqlite::memory:');
        await resetTables([LookupPerson, LookupAuthor]);
      });

      it('raises NotSupportedError for regex before any SQL is sent', () => {
        expect(() => people.filter({ name__regex: 'x' }).toSQL()).to.throw(NotSupportedError, /sqlite3/);
      });

      it('matches ASCII case-insensitively (non-ASCII needs better-sqlite3)', async () => {
        expect(await names(people.filter({ name__iexact: 'BOB' }))).to.deep.equal(['bob']);
        expect(await names(people.filter({ bio__icontains: 'COTTON' }))).to.deep.equal(['Ann']);
        expect(await names(people.filter({ bio__contains: '%' }))).to.deep.equal(['Ann']);
      });
    });
  }
});
