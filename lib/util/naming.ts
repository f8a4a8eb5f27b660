import pluralize from 'pluralize';

/** `publishedAt` -> `published_at`; `HTTPServer` -> `http_server`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Default table name of a model class: `BlogPost` -> `blog_posts`. */
/** `BlogPost` -> `blogPost`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

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
