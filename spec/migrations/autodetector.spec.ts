import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { CharField, DateTimeField, IntegerField, Model, TextField, UUIDField, type ModelClass } from '../../lib/index.js';
import { Autodetector } from '../../lib/migrations/autodetector.js';
import { CreateModel } from '../../lib/migrations/operations/models.js';
import { serializeField } from '../../lib/migrations/serializer.js';
import { InteractiveQuestioner, NonInteractiveQuestioner, QuestionerError, ProjectState, type Questioner, type Operation } from '../../lib/migrations/index.js';

// The autodetector compares two states and never touches a database, so it runs once, not per dialect.

function author(fields: Record<string, unknown>, meta: Record<string, unknown> = {}): ModelClass {
  class AdAuthor extends Model {
    static fields = fields as Record<string, CharField>;
    static meta = { tableName: 'ad_authors', ...meta };
  }
  return AdAuthor;
}

function writer(fields: Record<string, unknown>): ModelClass {
  class AdWriter extends Model {
    static fields = fields as Record<string, CharField>;
    static meta = { tableName: 'ad_writers' };
  }
  return AdWriter;
}

const state = (...models: ModelClass[]) => ProjectState.fromApps([{ label: 'ad', models }]);

async function diff(from: ModelClass[], to: ModelClass[], questioner: Questioner = new NonInteractiveQuestioner()): Promise<Operation[]> {
  const changes = await new Autodetector(state(...from), state(...to), questioner).detect(['ad']);
  return changes.get('ad')?.operations ?? [];
}

const described = (ops: Operation[]) => ops.map((op) => op.describe());
const base = () => ({ name: new CharField({ maxLength: 50 }), bio: new TextField({ null: true }) });

describe('migrations autodetector', () => {
  it('finds nothing when the models match the state', async () => {
    expect(await diff([author(base())], [author(base())])).to.deep.equal([]);
  });

  it('creates and deletes models', async () => {
    expect(described(await diff([], [author(base())]))).to.deep.equal(['Create model AdAuthor']);
    const ops = await diff([author(base())], []);
    expect(described(ops)).to.deep.equal(['Delete model AdAuthor']);
    expect(ops[0]!.dataLoss('ad', state(author(base())))).to.match(/drops table ad_authors/);
  });

  it('adds, removes and alters fields, flagging what loses data', async () => {
    const before = state(author(base()));
    const ops = await diff([author(base())], [author({ name: new CharField({ maxLength: 20 }), age: new IntegerField({ null: true }) })]);
    expect(described(ops)).to.deep.equal(['Remove field bio from AdAuthor', 'Add field age to AdAuthor', 'Alter field name on AdAuthor']);
    expect(ops[0]!.dataLoss('ad', before)).to.match(/drops column ad_authors.bio/);
    const afterRemove = ops[0]!.stateForwards('ad', before);
    expect(ops[2]!.dataLoss('ad', ops[1]!.stateForwards('ad', afterRemove))).to.match(/narrows AdAuthor.name from maxLength 50 to 20/);
    expect(ops[1]!.dataLoss('ad', afterRemove)).to.equal(undefined);
  });

  it('alters on null, default, unique and dbIndex changes', async () => {
    const ops = await diff([author(base())], [author({ name: new CharField({ maxLength: 50, unique: true }), bio: new TextField({ default: '' }) })]);
    expect(described(ops)).to.deep.equal(['Alter field name on AdAuthor', 'Alter field bio on AdAuthor']);
  });

  it('renames a field only when told (renames option), otherwise removes and adds', async () => {
    const to = author({ fullName: new CharField({ maxLength: 50 }), bio: new TextField({ null: true }) });
    const unrenamed = await diff([author(base())], [to], new NonInteractiveQuestioner({ defaults: { 'AdAuthor.fullName': '' } }));
    expect(described(unrenamed)).to.deep.equal(['Remove field name from AdAuthor', 'Add field fullName to AdAuthor']);
    const renamed = await diff([author(base())], [to], new NonInteractiveQuestioner({ renames: { 'AdAuthor.name': 'fullName' } }));
    expect(described(renamed)).to.deep.equal(['Rename field name on AdAuthor to fullName']);
  });

  it('renames a model (and its default-named table) when told', async () => {
    const ops = await diff([author(base())], [writer(base())], new NonInteractiveQuestioner({ renames: { AdAuthor: 'AdWriter' } }));
    // ad_authors was AdAuthor's default table name, so the rename moves it to AdWriter's default.
    expect(described(ops)).to.deep.equal(['Rename model AdAuthor to AdWriter']);
    expect(ops[0]!.stateForwards('ad', state(author(base()))).model('ad', 'AdWriter').tableName).to.equal('ad_writers');
    expect(described(await diff([author(base())], [writer(base())]))).to.deep.equal(['Create model AdWriter', 'Delete model AdAuthor']);
  });

  it('asks the interactive questioner about similar renames and a one-off default, reading a terminal stream', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => (printed += String(chunk)));
    const questioner = new InteractiveQuestioner({ input, output });
    const to = author({ fullName: new CharField({ maxLength: 50 }), bio: new TextField({ null: true }), age: new IntegerField() });
    const answers = ['y\n', '42\n'];
    const feed = setInterval(() => {
      const next = answers.shift();
      if (next) input.write(next);
      else clearInterval(feed);
    }, 20);
    const ops = await diff([author(base())], [to], questioner);
    clearInterval(feed);
    expect(described(ops)).to.deep.equal(['Rename field name on AdAuthor to fullName', 'Add field age to AdAuthor']);
    expect((ops[1]!.args() as { oneOffDefault?: unknown }).oneOffDefault).to.equal(42);
    expect(printed).to.match(/Was AdAuthor.name renamed to AdAuthor.fullName\? \[y\/N\]/);
    expect(printed).to.match(/non-nullable field 'age' to AdAuthor/);
  });

  it('a NOT NULL field without default fails clearly without a terminal, and takes a default from options', async () => {
    const to = author({ ...base(), age: new IntegerField() });
    let error: unknown;
    try {
      await diff([author(base())], [to]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(QuestionerError);
    expect(String(error)).to.match(/non-nullable field 'age' to ad.AdAuthor[\s\S]*defaults: \{ 'AdAuthor.age': \.\.\. \}/);
    const ops = await diff([author(base())], [to], new NonInteractiveQuestioner({ defaults: { 'AdAuthor.age': 7 } }));
    expect(ops[0]!.args()).to.include({ oneOffDefault: 7 });
  });

  it('a literal default needs no question; a callable default is called once for the existing rows', async () => {
    const literal = await diff([author(base())], [author({ ...base(), age: new IntegerField({ default: 3 }) })]);
    expect(literal[0]!.args()).not.to.have.property('oneOffDefault');
    const callable = await diff([author(base())], [author({ ...base(), token: new UUIDField({ default: () => '00000000-0000-4000-8000-000000000000' }) })]);
    expect(callable[0]!.args()).to.include({ oneOffDefault: '00000000-0000-4000-8000-000000000000' });
    const stamped = await diff([author(base())], [author({ ...base(), joined: new DateTimeField({ autoNowAdd: true }) })]);
    expect(String((stamped[0]!.args() as { oneOffDefault: string }).oneOffDefault)).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('indexes, uniqueTogether, constraints and ordering', async () => {
    const from = author(base());
    const to = author(base(), {
      ordering: ['name'],
      indexes: [{ fields: ['name', 'bio'], name: 'ad_name_bio' }],
      uniqueTogether: [['name', 'bio']],
      constraints: [{ kind: 'check', name: 'ad_name_nonempty', check: "name <> ''" }],
    });
    expect(described(await diff([from], [to]))).to.deep.equal([
      'Change Meta options on AdAuthor',
      'Alter uniqueTogether for AdAuthor (1 constraint(s))',
      'Create index ad_name_bio on name, bio of AdAuthor',
      'Create constraint ad_name_nonempty on model AdAuthor',
    ]);
    expect(described(await diff([to], [from]))).to.deep.equal([
      'Remove index ad_name_bio on name, bio from AdAuthor',
      'Remove constraint ad_name_nonempty from model AdAuthor',
      'Alter uniqueTogether for AdAuthor (0 constraint(s))',
      'Change Meta options on AdAuthor',
    ]);
  });

  it('removes an index before the field it covers, so every intermediate state is valid', async () => {
    const from = author({ ...base(), age: new IntegerField({ null: true }) }, { indexes: [{ fields: ['age'] }], uniqueTogether: [['name', 'age']] });
    const ops = await diff([from], [author(base())]);
    expect(described(ops)).to.deep.equal(['Remove index on age from AdAuthor', 'Alter uniqueTogether for AdAuthor (0 constraint(s))', 'Remove field age from AdAuthor']);
    let current = state(from);
    for (const op of ops) {
      current = op.stateForwards('ad', current);
      current.model('ad', 'AdAuthor').meta();
    }
  });

  it('making a field NOT NULL asks what replaces its NULLs (or fails clearly)', async () => {
    const to = author({ name: new CharField({ maxLength: 50 }), bio: new TextField() });
    let error: unknown;
    try {
      await diff([author(base())], [to]);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/Cannot make ad.AdAuthor.bio non-nullable without a default/);
    const ops = await diff([author(base())], [to], new NonInteractiveQuestioner({ defaults: { 'AdAuthor.bio': 'n/a' } }));
    expect(described(ops)).to.deep.equal(['Alter field bio on AdAuthor']);
    expect(ops[0]!.args()).to.include({ oneOffDefault: 'n/a' });
  });

  it('writes a custom field subclass as its built-in ancestor, so it round-trips without changes', async () => {
    class ShoutField extends CharField {
      override toJs(value: unknown): string {
        return super.toJs(value).toUpperCase();
      }
    }
    const custom = author({ name: new ShoutField({ maxLength: 50 }), bio: new TextField({ null: true }) });
    expect(await diff([author(base())], [custom])).to.deep.equal([]);
    const created = await diff([], [custom]);
    expect(serializeField((created[0] as InstanceType<typeof CreateModel>).fields.name!)).to.equal('new fields.CharField({ maxLength: 50 })');
  });
});
