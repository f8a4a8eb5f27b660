import { defineConfig } from 'wren';

// Read by every `wren` command. DATABASE_URL overrides the SQLite file, e.g.
// DATABASE_URL=postgres://user@localhost/{{name}} npx wren migrate
export default defineConfig({
  databases: {
    default: process.env.DATABASE_URL ?? 'sqlite:db.sqlite3',
  },
  apps: [{ label: '{{label}}', models: './models.ts', migrations: './migrations' }],
});
