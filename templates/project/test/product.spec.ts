import { expect } from 'chai';
import { connect, disconnect, SchemaEditor } from 'wren';
import { Product } from '../models.js';

// Tests run on an in-memory SQLite database whose tables come from the models.
describe('Product', () => {
  before(async () => {
    connect('sqlite::memory:');
    await new SchemaEditor().createModel(Product);
  });
  after(() => disconnect());

  it('is saved with a default stock and found again', async () => {
    await Product.objects.create({ name: 'Kettle' });
    const found = await Product.objects.get({ name: 'Kettle' });
    expect(found.stock).to.equal(0);
    expect(found.created).to.be.instanceOf(Date);
  });
});
