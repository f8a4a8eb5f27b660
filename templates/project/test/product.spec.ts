import { expect } from 'chai';
import { assertNumQueries, loadFixtures } from 'wren/testing';
import { Product } from '../models.js';

// test/hooks.ts gives every test a fresh view of the test database: what one test writes is
// rolled back before the next.
describe('Product', () => {
  it('is saved with a default stock and read back in one query', async () => {
    await Product.objects.create({ name: 'Kettle' });
    const found = await assertNumQueries(1, () => Product.objects.get({ name: 'Kettle' }));
    expect(found.stock).to.equal(0);
    expect(found.created).to.be.instanceOf(Date);
  });

  it('starts from an empty table: the previous test was rolled back', async () => {
    expect(await Product.objects.count()).to.equal(0);
  });

  it('loads fixtures (JSON as `wren dumpdata` writes it)', async () => {
    await loadFixtures('test/fixtures/products.json');
    expect(await Product.objects.valuesList('name', { flat: true })).to.deep.equal(['Kettle', 'Toaster']);
  });
});
