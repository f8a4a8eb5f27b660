import { CharField, DateTimeField, IntegerField, Model, type FieldValues } from 'wren';

// Change a model, then run `npx wren makemigrations` and `npx wren migrate`.
export class Product extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    stock: new IntegerField({ default: 0 }),
    created: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface Product extends FieldValues<typeof Product> {}
