import { expect } from 'chai';
import { atomic, captureQueries, DatabaseError, inAtomicBlock, IntegrityError, onCommit } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { QsTag } from './models/qs-models.js';
import { rejection } from './support/assertions.js';
import { RELATION_MODELS, RelAuthor } from './models/relation-models.js';

/** The driver's own wording for a unique violation, which IntegrityError must carry. */
const UNIQUE_MESSAGES: Record<string, RegExp> = {
  sqlite: /UNIQUE constraint failed/,
  postgres: /duplicate key value violates unique constraint/,
  mysql: /Duplicate entry/,
};

const labels = async (): Promise<string[]> => QsTag.objects.orderBy('label').valuesList('label', { flat: true });

forEachDialect('atomic() and onCommit()', [QsTag], (dialect) => {
  beforeEach(async () => {
    await truncate([QsTag]);
  });

  it('commits the work of the block and returns its value', async () => {
    const result = await atomic(async () => {
      expect(inAtomicBlock()).to.equal(true);
      await QsTag.objects.create({ label: 'a' });
      await QsTag.objects.create({ label: 'b' });
      return 42;
    });
    expect(result).to.equal(42);
    expect(inAtomicBlock()).to.equal(false);
    expect(await labels()).to.deep.equal(['a', 'b']);
  });

  it('rolls back on error and rethrows the same error', async () => {
    const boom = new Error('boom');
    const error = await rejection(
      atomic(async () => {
        await QsTag.objects.create({ label: 'a' });
        await QsTag.objects.filter({ label: 'a' }).update({ weight: 9 });
        throw boom;
      }),
    );
    expect(error).to.equal(boom);
    expect(await labels()).to.deep.equal([]);
  });

  it('a nested atomic() is a savepoint: a caught inner failure keeps the outer work', async () => {
    await atomic(async () => {
      await QsTag.objects.create({ label: 'outer' });
      const inner = await rejection(
        atomic(async () => {
          await QsTag.objects.create({ label: 'inner' });
          throw new Error('inner fails');
        }),
      );
      expect((inner as Error).message).to.equal('inner fails');
      await atomic(async () => QsTag.objects.create({ label: 'inner-ok' }));
      await QsTag.objects.create({ label: 'outer-2' });
    });
    expect(await labels()).to.deep.equal(['inner-ok', 'outer', 'outer-2']);
  });

  it('an outer failure also undoes committed savepoints', async () => {
    await rejection(
      atomic(async () => {
        await atomic(async () => QsTag.objects.create({ label: 'inner' }));
        throw new Error('outer fails');
      }),
    );
    expect(await labels()).to.deep.equal([]);
  });

  it('continues after an IntegrityError caught around a nested atomic()', async () => {
    await QsTag.objects.create({ label: 'taken' });
    await atomic(async () => {
      const error = await rejection(atomic(async () => QsTag.objects.create({ label: 'taken' })));
      expect(error).to.be.instanceOf(IntegrityError);
      await QsTag.objects.create({ label: 'after' });
    });
    expect(await labels()).to.deep.equal(['after', 'taken']);
  });

  it('onCommit() runs after the outermost commit, never after a rollback', async () => {
    const calls: string[] = [];
    await atomic(async () => {
      await onCommit(() => calls.push('outer'));
      await atomic(async () => {
        await onCommit(() => calls.push('inner-kept'));
      });
      await rejection(
        atomic(async () => {
          await onCommit(() => calls.push('inner-rolled-back'));
          throw new Error('no');
        }),
      );
      expect(calls, 'nothing runs before the commit').to.deep.equal([]);
    });
    expect(calls).to.deep.equal(['outer', 'inner-kept']);
    await rejection(
      atomic(async () => {
        await onCommit(() => calls.push('never'));
        throw new Error('rollback');
      }),
    );
    expect(calls).to.deep.equal(['outer', 'inner-kept']);
    await onCommit(() => calls.push('immediate'));
    expect(calls, 'outside atomic() it runs at once').to.deep.equal(['outer', 'inner-kept', 'immediate']);
  });

  it('onCommit() callbacks see the committed rows', async () => {
    let seen: string[] = [];
    await atomic(async () => {
      await QsTag.objects.create({ label: 'x' });
      await onCommit(async () => {
        seen = await labels();
      });
    });
    expect(seen).to.deep.equal(['x']);
  });

  it('queries inside use the transaction without being told, also in parallel', async () => {
    await rejection(
      atomic(async () => {
        await Promise.all(['p1', 'p2', 'p3', 'p4'].map((label) => QsTag.objects.create({ label })));
        expect(await QsTag.objects.count()).to.equal(4);
        await Promise.all([QsTag.objects.filter({ label: 'p1' }).update({ weight: 1 }), QsTag.objects.filter({ label: 'p2' }).delete()]);
        expect(await labels()).to.deep.equal(['p1', 'p3', 'p4']);
        throw new Error('undo all of it');
      }),
    );
    expect(await QsTag.objects.count()).to.equal(0);
  });

  it('parallel savepoints inside one block commit or roll back on their own', async () => {
    await atomic(async () => {
      await QsTag.objects.create({ label: 'outer' });
      const results = await Promise.allSettled([
        atomic(async () => {
          await QsTag.objects.create({ label: 'a1' });
          await QsTag.objects.create({ label: 'a2' });
        }),
        atomic(async () => {
          await QsTag.objects.create({ label: 'b' });
          throw new Error('b fails');
        }),
        QsTag.objects.create({ label: 'c' }),
      ]);
      expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    });
    expect(await labels()).to.deep.equal(['a1', 'a2', 'c', 'outer']);
  });

  it('concurrent atomic() blocks stay separate', async () => {
    const results = await Promise.allSettled([
      atomic(async () => {
        await QsTag.objects.create({ label: 'kept' });
      }),
      atomic(async () => {
        await QsTag.objects.create({ label: 'dropped' });
        throw new Error('second block fails');
      }),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected']);
    expect(await labels()).to.deep.equal(['kept']);
  });

  it('a bulkCreate failing in its second batch leaves the table as it was, inside atomic() or not', async () => {
    await QsTag.objects.create({ label: 'existing' });
    const rows = [{ label: 'n1' }, { label: 'n2' }, { label: 'existing' }, { label: 'n4' }];
    const queries = await captureQueries(async () => {
      const inside = await rejection(atomic(async () => QsTag.objects.bulkCreate(rows, { batchSize: 2 })));
      expect(inside).to.be.instanceOf(IntegrityError);
    });
    expect(queries.filter((q) => /^insert/i.test(q.sql))).to.have.length(2);
    expect(await labels()).to.deep.equal(['existing']);
    const outside = await rejection(QsTag.objects.bulkCreate(rows, { batchSize: 2 }));
    expect(outside).to.be.instanceOf(IntegrityError);
    expect(await labels(), 'bulkCreate is atomic on its own, as in Django').to.deep.equal(['existing']);
  });

  it("IntegrityError wraps the driver's error with its message, the SQL and the parameters", async () => {
    await QsTag.objects.create({ label: 'dup' });
    const error = (await rejection(QsTag.objects.create({ label: 'dup' }))) as IntegrityError;
    expect(error).to.be.instanceOf(IntegrityError);
    expect(error).to.be.instanceOf(DatabaseError);
    expect(error.message).to.match(UNIQUE_MESSAGES[dialect]!);
    expect(error.cause).to.be.instanceOf(Error);
    expect(error.message).to.contain((error.cause as Error).message.split('\n')[0]!.slice(-30));
    expect(error.sql).to.match(/insert into/i);
    expect(error.bindings).to.include('dup');
  });

  it('a non-integrity driver error becomes a DatabaseError, not an IntegrityError', async () => {
    const error = await rejection(atomic(async () => QsTag.objects.filter({ label: 'x' }).raw('SELECT * FROM qs_missing_table').fetch()));
    expect(error).to.be.instanceOf(DatabaseError);
    expect(error).to.not.be.instanceOf(IntegrityError);
  });
});

// PostgreSQL and SQLite check these keys at COMMIT (deferred); MySQL at the INSERT. Either way: IntegrityError.
forEachDialect('atomic() and deferred foreign keys', RELATION_MODELS, () => {
  it('reports a foreign key broken at COMMIT as IntegrityError and leaves no transaction open', async () => {    const error = await rejection(
      atomic(async () => {
        await RelAuthor.objects.create({ name: 'Ghost-writer', publisherId: 999_999 } as never);
      }),
    );
    expect(error).to.be.instanceOf(IntegrityError);
    expect(await RelAuthor.objects.filter({ name: 'Ghost-writer' }).count()).to.equal(0);
    await atomic(async () => {
      await RelAuthor.objects.create({ name: 'Next' } as never);
    });
    expect(await RelAuthor.objects.filter({ name: 'Next' }).count()).to.equal(1);
  });
});
