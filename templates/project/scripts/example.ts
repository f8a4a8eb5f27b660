// A script using the models: `npm run example` (after `npx wren migrate`).
import { connect, disconnect } from 'wren';
import config from '../wren.config.js';
import { Product } from '../models.js';

connect(config.databases ?? 'sqlite:db.sqlite3');
try {
  const product = await Product.objects.create({ name: `Widget ${Date.now()}`, stock: 3 });
  console.log(`Created ${product.name} (#${product.id}); ${await Product.objects.count()} products in stock list.`);
} finally {
  await disconnect();
}
