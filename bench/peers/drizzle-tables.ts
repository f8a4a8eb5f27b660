import { boolean as myBoolean, datetime, double, int, mysqlTable, varchar as myVarchar } from 'drizzle-orm/mysql-core';
import { boolean as pgBoolean, doublePrecision, integer as pgInteger, pgTable, serial, timestamp, varchar as pgVarchar } from 'drizzle-orm/pg-core';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/*
 * Drizzle table definitions matching what Wren's schema editor creates for BenchItem, BenchAuthor
 * and BenchBook, one set per dialect. Columns use Drizzle's own modes where it has one for the
 * stored type (booleans everywhere, dates on PostgreSQL and MySQL), so Drizzle converts values
 * the way Wren does. Wren stores SQLite datetimes as text, for which Drizzle has no date mode, so
 * there `created` stays a string.
 */

export const sqliteTables = {
  items: sqliteTable('bench_items', {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name', { length: 100 }).notNull(),
    category: text('category', { length: 20 }).notNull(),
    age: integer('age').notNull(),
    score: real('score').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    created: text('created').notNull(),
  }),
  authors: sqliteTable('bench_authors', {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name', { length: 100 }).notNull(),
    email: text('email', { length: 100 }).notNull(),
  }),
  books: sqliteTable('bench_books', {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title', { length: 100 }).notNull(),
    pages: integer('pages').notNull(),
    authorId: integer('author_id').notNull(),
  }),
};

export const pgTables = {
  items: pgTable('bench_items', {
    id: serial('id').primaryKey(),
    name: pgVarchar('name', { length: 100 }).notNull(),
    category: pgVarchar('category', { length: 20 }).notNull(),
    age: pgInteger('age').notNull(),
    score: doublePrecision('score').notNull(),
    active: pgBoolean('active').notNull(),
    created: timestamp('created', { withTimezone: true, mode: 'date' }).notNull(),
  }),
  authors: pgTable('bench_authors', {
    id: serial('id').primaryKey(),
    name: pgVarchar('name', { length: 100 }).notNull(),
    email: pgVarchar('email', { length: 100 }).notNull(),
  }),
  books: pgTable('bench_books', {
    id: serial('id').primaryKey(),
    title: pgVarchar('title', { length: 100 }).notNull(),
    pages: pgInteger('pages').notNull(),
    authorId: pgInteger('author_id').notNull(),
  }),
};

export const mysqlTables = {
  items: mysqlTable('bench_items', {
    id: int('id').autoincrement().primaryKey(),
    name: myVarchar('name', { length: 100 }).notNull(),
    category: myVarchar('category', { length: 20 }).notNull(),
    age: int('age').notNull(),
    score: double('score').notNull(),
    active: myBoolean('active').notNull(),
    created: datetime('created', { mode: 'date', fsp: 6 }).notNull(),
  }),
  authors: mysqlTable('bench_authors', {
    id: int('id').autoincrement().primaryKey(),
    name: myVarchar('name', { length: 100 }).notNull(),
    email: myVarchar('email', { length: 100 }).notNull(),
  }),
  books: mysqlTable('bench_books', {
    id: int('id').autoincrement().primaryKey(),
    title: myVarchar('title', { length: 100 }).notNull(),
    pages: int('pages').notNull(),
    authorId: int('author_id').notNull(),
  }),
};
