// Models shared by the specs.
import { CharField, DateTimeField, EmailField, IntegerField, Model, type FieldValues } from '../../lib/index.js';

export class Author extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
    joined: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['name'], tableName: 'spec_authors' };
  static objects = this.manager();
}
export interface Author extends FieldValues<typeof Author> {}
