import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSource, tempProject, wren } from './support.js';

// `wren check` never touches the database, so it runs once rather than per dialect.
const GOOD = `import { CharField, ForeignKey, Model } from 'wren';
export class CheckPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'check_publishers', ordering: ['name'] };
  static objects = this.manager();
}
export class CheckTitle extends Model {
  static fields = {
    name: new CharField({ maxLength: 30, default: 'untitled' }),
    publisher: new ForeignKey(() => CheckPublisher, { onDelete: 'CASCADE' }),
    reviewer: new ForeignKey(() => CheckPublisher, { onDelete: 'CASCADE', relatedName: 'reviewed' }),
  };
  static meta = { tableName: 'check_titles' };
  static objects = this.manager();
}
`;

const BAD = `import { CharField, ForeignKey, IntegerField, Model } from 'wren';
export class CheckShelf extends Model {
  static fields = {
    label: new CharField({ maxLength: 5, default: 'far too long' }),
    rank: new IntegerField({ choices: [1, 2, 1] }),
    save: new IntegerField({ null: true }),
  };
  static meta = { tableName: 'check_shelves' };
}
export class CheckCopy extends Model {
  static fields = {
    shelf: new ForeignKey(() => CheckShelf, { onDelete: 'CASCADE' }),
    backup: new ForeignKey(() => CheckShelf, { onDelete: 'CASCADE' }),
  };
  static meta = { tableName: 'check_copies' };
}
export class CheckCopyTwin extends Model {
  static fields = { n: new IntegerField() };
  static meta = { tableName: 'check_shelves' };
}
export class CheckOrdered extends Model {
  static fields = { n: new IntegerField() };
  static meta = { tableName: 'check_ordered', ordering: ['-nn'] };
}
`;

describe('wren check', function () {
  this.timeout(60_000);

  it('reports no issues for sound models and exits 0', function () {
    const dir = tempProject('check-good', { 'wren.config.ts': configSource('sqlite::memory:'), 'models.ts': GOOD });
    const result = wren(dir, ['check']);
    expect(result.stderr).to.equal('');
    expect(result.stdout.trim()).to.equal('System check identified no issues.');
    expect(result.status).to.equal(0);
  });

  it('lists every problem with its id, object and hint, and exits 1', function () {
    const dir = tempProject('check-bad', { 'wren.config.ts': configSource('sqlite::memory:'), 'models.ts': BAD });
    const result = wren(dir, ['check']);
    expect(result.status).to.equal(1);
    const out = result.stdout;
    expect(out).to.include('ERRORS:');
    expect(out).to.match(/app\.CheckShelf\.label: \(wren\.E005\) The default "far too long" is not a valid value: Ensure this value has at most 5 characters/);
    expect(out).to.match(/app\.CheckShelf\.rank: \(wren\.E006\) 'choices' repeats 1\./);
    expect(out).to.match(/app\.CheckShelf\.save: \(wren\.E009\) 'save' would hide the model's own save member\./);
    expect(out).to.match(/app\.CheckCopy(\.backup)?: \(wren\.E00[13]\) .*checkCopies/);
    expect(out).to.match(/app\.CheckShelf: \(wren\.E007\) Table 'check_shelves' is used by app\.CheckCopyTwin too\./);
    expect(out).to.match(/app\.CheckOrdered: \(wren\.E001\) .*'nn'.*Choices are: id, n/);
    expect(out).to.match(/System check identified \d+ issues\./);
  });

  it('limits the check to the named apps and validates --fail-level', function () {
    const dir = tempProject('check-apps', {
      'wren.config.ts': `import { defineConfig } from 'wren';
export default defineConfig({ databases: 'sqlite::memory:', apps: [{ label: 'good', models: './good.ts' }, { label: 'bad', models: './bad.ts' }] });
`,
      'good.ts': GOOD,
      'bad.ts': BAD,
    });
    expect(wren(dir, ['check', 'good']).status).to.equal(0);
    expect(wren(dir, ['check', 'bad']).status).to.equal(1);
    expect(wren(dir, ['check', 'goods']).stderr).to.include("No app labelled 'goods'. Did you mean 'good'?");
    const level = wren(dir, ['check', '--fail-level', 'fatal']);
    expect(level.status).to.equal(2);
    expect(level.stderr).to.include('--fail-level must be one of: warning, error');
  });

  it('reports a models module that fails to load as an unexpected error', function () {
    const dir = tempProject('check-syntax', { 'wren.config.ts': configSource('sqlite::memory:'), 'models.ts': 'export const x = ;\n' });
    writeFileSync(path.join(dir, 'other.ts'), '');
    const result = wren(dir, ['check']);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/Unexpected \w*Error/);
    expect(result.stderr).to.include('(run with --traceback for the stack trace)');
  });
});
