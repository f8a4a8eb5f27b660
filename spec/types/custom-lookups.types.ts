// Lookups registered by users become filter keys once declared in `CustomLookups`.
import { check, type Equal } from './assert.js';
import type { FilterInput } from '../../lib/index.js';
import { TypeAuthor } from './models.js';

declare module '../../lib/index.js' {
  interface CustomLookups {
    /** A lookup on number-valued fields (and on number transforms such as `__year`). */
    nearly: number;
    /** A lookup on string-valued fields. */
    sounds: string;
  }
}

type Input = FilterInput<typeof TypeAuthor>;

export function customLookups(): void {
  TypeAuthor.objects.filter({ age__nearly: 30, visits__nearly: 2, joined__year__nearly: 2020, name__sounds: 'Anne' });
  // The value converts like the field's other filter values (an IntegerField takes bigints too).
  check<Equal<Input['age__nearly'], number | bigint | import('../../lib/index.js').Expression | undefined>>();
  // @ts-expect-error `nearly` is declared for numbers only
  TypeAuthor.objects.filter({ name__nearly: 'x' });
  // @ts-expect-error `sounds` is declared for strings only
  TypeAuthor.objects.filter({ age__sounds: 'x' });
  // @ts-expect-error the value has the field's type
  TypeAuthor.objects.filter({ age__nearly: 'x' });
}
