import pluralize from 'pluralize';

/** `publishedAt` -> `published_at`; `HTTPServer` -> `http_server`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `BlogPost` -> `blogPost`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Default table name of a model class: `BlogPost` -> `blog_posts`. */
export function defaultTableName(className: string): string {
  const parts = snakeCase(className).split('_');
  parts[parts.length - 1] = pluralize(parts[parts.length - 1]!);
  return parts.join('_');
}

/** The closest candidate by edit distance, for "did you mean" hints; undefined when none is close. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** "Choices are: a, b, c" with an optional "Did you mean 'x'?" in front. */
export function choicesHint(word: string, candidates: readonly string[]): string {
  const sorted = [...candidates].sort();
  const guess = closestMatch(word, sorted);
  const hint = guess ? ` Did you mean '${guess}'?` : '';
  return `${hint} Choices are: ${sorted.join(', ')}`;
}

/** Django's wording for a name that is not one of the choices: " Choices are: a, b. Did you mean 'a'?" */
export function choicesList(word: string, candidates: readonly string[]): string {
  const sorted = [...new Set(candidates)].sort();
  const guess = closestMatch(word, sorted);
  return ` Choices are: ${sorted.join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL cuts longer names, so a longer annotation would come back under another key. */
const MAX_IDENTIFIER_LENGTH = 63;
/** Row keys Wren selects for itself (`_wr0_1`, `_wp0`, `_wo0`, `_wrenPrefetchKey`). */
const RESERVED = /^_w(?:ren|[rpo]\d)/;

/**
 * Why `name` cannot name an annotation or aggregate (undefined when it can): it must be an
 * identifier, so it can never change the SQL around it (no quotes, no `?` placeholders).
 */
export function identifierProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (!IDENTIFIER.test(name)) return 'names must start with a letter or _ and contain only letters, digits and _';
  if (name.includes('__')) return "'__' separates lookups (as in 'n__gt'), so names may not contain it";
  if (name.endsWith('_')) return "names may not end with '_': the filter key 'n___gt' would not split into 'n_' and 'gt'";
  if (name.length > MAX_IDENTIFIER_LENGTH) return `names may be at most ${MAX_IDENTIFIER_LENGTH} characters long (PostgreSQL's limit)`;
  if (RESERVED.test(name)) return "names starting with '_wren', '_wr<digit>', '_wp<digit>' or '_wo<digit>' are reserved for Wren's own columns";
  return undefined;
}
