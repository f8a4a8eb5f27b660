import { expect } from 'chai';
import { captureQueries, FieldError, ValidationError } from '../lib/index.js';
import { cleanErrors } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { ValEvent, ValMember } from './models/model-models.js';

const MODELS = [ValMember, ValEvent];


const valid = { handle: 'ann', email: 'ann@x.io', role: 'admin', team: 'red', seat: 1 } as const;

forEachDialect('Validation', MODELS, () => {
  beforeEach(async () => {
    await truncate(MODELS);
  });

  it('passes valid data, and a blank field that allows it', async () => {
    expect(await cleanErrors(new ValMember({ ...valid, bio: '' }))).to.equal(null);
    expect(await cleanErrors(new ValMember({ ...valid, score: '123.45' }))).to.equal(null);
  });

  it('reports every failing field at once, as { field: [messages] }', async () => {
    const member = new ValMember({ handle: 'much-too-long-banned', email: 'nope', role: 'root', team: '', seat: null as never, score: '1234.5' });
    const errors = await cleanErrors(member);
    expect(errors).to.deep.equal({
      handle: ['Ensure this value has at most 10 characters (it has 20).', 'Must not mention banned words.'],
      email: ['Enter a valid email address.'],
      role: ['Value "root" is not a valid choice.'],
      team: ['This field cannot be blank.'],
      seat: ['This field cannot be null.'],
      score: ['Ensure that there are no more than 3 digits before the decimal point.'],
    });
    const error = await member.fullClean().then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.contain('role: Value "root" is not a valid choice.');
  });

  it('checks maxLength in characters, not bytes', async () => {
    expect(await cleanErrors(new ValMember({ ...valid, handle: 'ÅÅÅÅÅÅÅÅÅÅ' }))).to.equal(null);
    expect(await cleanErrors(new ValMember({ ...valid, handle: '😀😀😀😀😀😀😀😀😀😀😀' }))).to.deep.equal({
      handle: ['Ensure this value has at most 10 characters (it has 11).'],
    });
  });

  it('checks values that cannot be converted', async () => {
    expect(await cleanErrors(new ValMember({ ...valid, seat: 'three' as never }))).to.deep.equal({ seat: ["'three' value must be an integer."] });
  });

  it('skips excluded fields', async () => {
    const member = new ValMember({ ...valid, role: 'root', email: 'nope' });
    expect(await cleanErrors(member, { exclude: ['role'] })).to.deep.equal({ email: ['Enter a valid email address.'] });
  });

  it('checks unique fields against the database, excluding the instance\'s own row', async () => {
    const saved = await ValMember.objects.create(valid);
    expect(await cleanErrors(saved)).to.equal(null);
    saved.email = 'changed@x.io';
    expect(await cleanErrors(saved)).to.equal(null);
    const clash = new ValMember({ ...valid, team: 'blue' });
    expect(await cleanErrors(clash)).to.deep.equal({ handle: ['ValMember with this handle already exists.'] });
    expect(await cleanErrors(clash, { validateUnique: false })).to.equal(null);
    const other = await ValMember.objects.create({ ...valid, handle: 'bob', seat: 2 });
    other.handle = 'ann';
    expect(await cleanErrors(other)).to.deep.equal({ handle: ['ValMember with this handle already exists.'] });
  });

  it('checks a new instance whose explicit primary key is taken', async () => {
    const saved = await ValMember.objects.create(valid);
    const copy = new ValMember({ ...valid, id: saved.id, handle: 'other', seat: 9 });
    expect(await cleanErrors(copy)).to.deep.equal({ id: ['ValMember with this id already exists.'] });
    copy.id = saved.id + 1;
    expect(await cleanErrors(copy)).to.equal(null);
  });

  it('checks uniqueTogether under __all__, excluding the instance\'s own row', async () => {
    const saved = await ValMember.objects.create(valid);
    expect(await cleanErrors(saved)).to.equal(null);
    const sameSeat = new ValMember({ ...valid, handle: 'cy' });
    expect(await cleanErrors(sameSeat)).to.deep.equal({ __all__: ['ValMember with this team and seat already exists.'] });
    sameSeat.seat = 2;
    expect(await cleanErrors(sameSeat)).to.equal(null);
    sameSeat.team = null as never;
    expect(await cleanErrors(sameSeat)).to.deep.equal({ team: ['This field cannot be null.'] });
  });

  it('runs the model\'s clean() hook and merges its errors with the field errors', async () => {
    expect(await cleanErrors(new ValEvent({ title: 'ok', starts: 1, ends: 2 }))).to.equal(null);
    expect(await cleanErrors(new ValEvent({ title: 'this title is far too long', starts: 5, ends: 2 }))).to.deep.equal({
      title: ['Ensure this value has at most 20 characters (it has 26).'],
      ends: ['Ends before it starts.'],
    });
    expect(await cleanErrors(new ValEvent({ title: 'tbd', starts: 1, ends: 1 }))).to.deep.equal({ __all__: ['Give the event a real title.'] });
  });

  it('does not validate in save(): the database takes what it can store', async () => {
    const member = new ValMember({ ...valid, role: 'root', email: 'nope' });
    await member.save();
    const loaded = await ValMember.objects.get({ pk: member.pk });
    expect([loaded.role, loaded.email]).to.deep.equal(['root', 'nope']);
  });

  it('create() and bulkCreate() accept only declared fields, before any query', async () => {
    const queries = await captureQueries(async () => {
      const created = await ValMember.objects.create({ ...valid, nickname: 'x' } as never).then(() => null, (e: unknown) => e);
      expect(created).to.be.instanceOf(FieldError);
      expect((created as Error).message).to.match(/ValMember has no field named 'nickname'\. Choices are: bio, email, handle, id, role, score, seat, team/);
      const bulk = await ValMember.objects.bulkCreate([valid, { ...valid, handle: 'bob', seet: 3 } as never]).then(() => null, (e: unknown) => e);
      expect(bulk).to.be.instanceOf(FieldError);
      expect((bulk as Error).message).to.match(/no field named 'seet'\. Did you mean 'seat'\?/);
    });
    expect(queries).to.have.length(0);
    expect(await ValMember.objects.count()).to.equal(0);
  });
});
