import type { Join } from '../joins.js';

interface Quoter {
  quote(identifier: string): string;
}

/** ` LEFT OUTER JOIN "authors" "T2" ON "T2"."id" = "books"."author_id"` ... for a list of joins. */
export function joinListSql(joins: readonly Join[], compiler: Quoter): string {
  let sql = '';
  for (const join of joins) {
    const table = join.alias === join.table ? compiler.quote(join.table) : `${compiler.quote(join.table)} ${compiler.quote(join.alias)}`;
    const on = `${compiler.quote(join.alias)}.${compiler.quote(join.column)} = ${compiler.quote(join.parentAlias)}.${compiler.quote(join.parentColumn)}`;
    sql += ` ${join.outer ? 'left outer join' : 'inner join'} ${table} on ${on}`;
  }
  return sql;
}
