import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderGraph } from '../../lib/cli/graph/formats.js';
import type { ErGraph, GraphColumn } from '../../lib/cli/graph/types.js';
import { assertWellFormedSvg, parseDot, parseMermaid, parseSvg, unescapeXml, type ParsedGraph } from './graph-parsing.js';
import { CHINOOK_DIR, chinookUrl, configSource, DIALECTS, freshDatabase, tempProject, wren } from './support.js';

// Chinook's tables and foreign keys (table.column -> table) as the SQLite and MySQL scripts name
// them; PostgreSQL's script uses snake_case, so names are compared folded (see `fold`).
const CHINOOK_TABLES = ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track'];
const CHINOOK_KEYS = [
  'Album.ArtistId -> Artist', 'Customer.SupportRepId -> Employee', 'Employee.ReportsTo -> Employee', 'Invoice.CustomerId -> Customer',
  'InvoiceLine.InvoiceId -> Invoice', 'InvoiceLine.TrackId -> Track', 'PlaylistTrack.PlaylistId -> Playlist', 'PlaylistTrack.TrackId -> Track',
  'Track.AlbumId -> Album', 'Track.GenreId -> Genre', 'Track.MediaTypeId -> MediaType',
];

/** `invoice_line` and `InvoiceLine` are the same table here. */
const fold = (name: string) => name.replace(/_/g, '').toLowerCase();
const foldedKeys = (keys: readonly string[]) => keys.map(fold).sort();
const keysOf = (graph: ParsedGraph) => graph.edges.map((edge) => fold(`${edge.from}.${edge.label} -> ${edge.to}`)).sort();

for (const dialect of DIALECTS) {
  describe(`wren graph --inspect on Chinook [${dialect}]`, function () {
    this.timeout(180_000);
    let dir: string;

    before(async function () {
      if (!existsSync(CHINOOK_DIR)) {
        console.log(`      (skipped: the Chinook dataset is not at ${CHINOOK_DIR}; set WREN_CHINOOK_DIR)`);
        this.skip();
      }
      dir = tempProject(`graph-chinook-${dialect}`, {});
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await chinookUrl(dialect, dir)));
    });

    function draw(args: string[]): string {
      const result = wren(dir, ['graph', '--inspect', ...args]);
      expect(result.stderr).to.equal('');
      expect(result.status).to.equal(0);
      return result.stdout;
    }

    it('mermaid (the default): 11 tables, and each foreign key as an edge from its table to the one it references', function () {
      const graph = parseMermaid(draw([]));
      expect(graph.tables.map(fold).sort()).to.deep.equal(CHINOOK_TABLES.map(fold).sort());
      expect(keysOf(graph)).to.deep.equal(foldedKeys(CHINOOK_KEYS));
      // Many albums per artist, exactly one artist per album; a nullable key may point nowhere.
      const edge = (from: string, to: string) => graph.edges.find((e) => fold(e.from) === fold(from) && fold(e.to) === fold(to))!;
      expect(edge('Album', 'Artist').detail).to.equal('}o--||');
      expect(edge('Employee', 'Employee').detail).to.equal('}o--o|');
      const album = graph.bodies.get(graph.tables.find((t) => fold(t) === 'album')!)!;
      expect(album.find((line) => /^\w+ (AlbumId|album_id) PK$/.test(line))).to.be.a('string');
      expect(album.find((line) => / (ArtistId|artist_id) FK$/.test(line))).to.be.a('string');
      expect(album.find((line) => / (Title|title) "\w+[\w ]*\(160\)"$/.test(line))).to.be.a('string');
      const artist = graph.bodies.get(graph.tables.find((t) => fold(t) === 'artist')!)!;
      expect(artist.find((line) => / (Name|name) "[^"]*nullable"$/.test(line))).to.be.a('string');
    });

    it('dot: the same tables and foreign keys, each edge drawn from the key row with crow\'s-foot ends', function () {
      const graph = parseDot(draw(['--format', 'dot']));
      expect(graph.tables.map(fold).sort()).to.deep.equal(CHINOOK_TABLES.map(fold).sort());
      expect(keysOf(graph)).to.deep.equal(foldedKeys(CHINOOK_KEYS));
      for (const edge of graph.edges) expect(edge.detail).to.match(/tailport="r\d+:e", headport="l0:w", arrowtail=crowodot, arrowhead=tee(tee|odot)/);
    });

    it('svg: well-formed, naming every table, with an edge per foreign key', function () {
      const svg = draw(['--format', 'svg']);
      expect(svg.startsWith('<?xml')).to.equal(true);
      assertWellFormedSvg(svg);
      const graph = parseSvg(svg);
      expect(graph.tables.map(fold).sort()).to.deep.equal(CHINOOK_TABLES.map(fold).sort());
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]!));
      for (const table of graph.tables) expect(texts).to.include(table);
      // Edges carry no column in their title; the key column is the edge's text.
      const pairs = graph.edges.map((edge) => fold(`${edge.from} -> ${edge.to}`)).sort();
      expect(pairs).to.deep.equal(CHINOOK_KEYS.map((key) => fold(key.replace(/\.\w+/, ''))).sort());
    });

    it('--include and --exclude pick tables (any case); an edge needs both of its tables', function () {
      const two = parseMermaid(draw(['--include', 'album,ARTIST']));
      expect(two.tables.map(fold).sort()).to.deep.equal(['album', 'artist']);
      expect(keysOf(two)).to.deep.equal(foldedKeys(['Album.ArtistId -> Artist']));
      const playlistTrack = dialect === 'postgres' ? 'playlist_track' : 'PlaylistTrack';
      const noTracks = parseMermaid(draw(['--exclude', 'track', '--exclude', playlistTrack]));
      expect(noTracks.tables).to.have.length(9);
      expect(keysOf(noTracks)).to.deep.equal(foldedKeys(CHINOOK_KEYS.filter((key) => !/Track/.test(key))));
      const bad = wren(dir, ['graph', '--inspect', '--include', 'Albums']);
      expect(bad.status).to.equal(1);
      expect(bad.stderr).to.match(/No table named 'Albums'\. Did you mean '(Album|album)'\? Choices are: /);
    });

    it('writes --output in the format its extension names', function () {
      for (const [file, check] of [
        ['out/chinook.svg', (text: string) => assertWellFormedSvg(text)],
        ['out/chinook.dot', (text: string) => expect(parseDot(text).edges).to.have.length(11)],
        ['out/chinook.mmd', (text: string) => expect(parseMermaid(text).edges).to.have.length(11)],
        ['out/chinook.md', (text: string) => expect(parseMermaid(/^```mermaid\n([\s\S]*)```\n$/.exec(text)![1]!).edges).to.have.length(11)],
      ] as const) {
        const result = wren(dir, ['graph', '--inspect', '--output', file]);
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^Wrote out\/chinook\.\w+ \((svg|dot|mermaid)\): 11 tables, 11 relations\.\n$/);
        check(readFileSync(path.join(dir, file), 'utf8'));
      }
    });
  });
}

// An abstract parent, a self reference (key and many-to-many), a one-to-one, a custom `through`,
// and a second app whose key points into the first.
const PEOPLE = `import { CharField, DateTimeField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, TextField } from 'wren';
export class Stamped extends Model {
  static fields = { created: new DateTimeField({ autoNowAdd: true }), note: new TextField({ null: true }) };
  static meta = { abstract: true };
}
export class Person extends Stamped {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new CharField({ maxLength: 200, unique: true }),
    manager: new ForeignKey(() => Person, { onDelete: 'SET_NULL', null: true, relatedName: 'reports' }),
    friends: new ManyToManyField(() => Person, { relatedName: 'friendOf' }),
  };
  static meta = { tableName: 'graph_people' };
}
export class Profile extends Model {
  static fields = { person: new OneToOneField(() => Person, { onDelete: 'CASCADE' }), bio: new TextField() };
  static meta = { tableName: 'graph_profiles' };
}
export class Club extends Stamped {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    members: new ManyToManyField(() => Person, { through: () => Membership, relatedName: 'clubs' }),
  };
  static meta = { tableName: 'graph_clubs' };
}
export class Membership extends Model {
  static fields = {
    person: new ForeignKey(() => Person, { onDelete: 'CASCADE' }),
    club: new ForeignKey(() => Club, { onDelete: 'CASCADE', relatedName: 'memberships' }),
    rank: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'graph_memberships' };
}
`;
const SHOP = `import { DecimalField, ForeignKey, Model } from 'wren';
import { Person } from './people.ts';
export class Order extends Model {
  static fields = { buyer: new ForeignKey(() => Person, { onDelete: 'PROTECT' }), total: new DecimalField({ maxDigits: 10, decimalPlaces: 2 }) };
  static meta = { tableName: 'graph_orders' };
}
`;

function modelsConfig(url: string): string {
  const apps = [{ label: 'people', models: './people.ts', migrations: './people-migrations' }, { label: 'shop', models: './shop.ts', migrations: './shop-migrations' }];
  return `import { defineConfig } from 'wren';\nexport default defineConfig({ databases: { default: ${JSON.stringify(url)} }, apps: ${JSON.stringify(apps)} });\n`;
}

const MODEL_EDGES = [
  '"Club" }o..o{ "Person" : "members (clubs) through Membership"',
  '"Membership" }o--|| "Person" : "person (memberships)"',
  '"Membership" }o--|| "Club" : "club (memberships)"',
  '"Person" }o--o| "Person" : "manager (reports)"',
  '"Person" }o..o{ "Person" : "friends (friendOf) via graph_people_friends"',
  '"Profile" |o--|| "Person" : "person (profile)"',
  '"Order" }o--|| "Person" : "buyer (orders)"',
];

describe('wren graph of the models', function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    // Drawing models reads no database: the file is never created.
    dir = tempProject('graph-models', { 'people.ts': PEOPLE, 'shop.ts': SHOP });
    writeFileSync(path.join(dir, 'wren.config.ts'), modelsConfig(`sqlite:${path.join(dir, 'unused.sqlite3')}`));
  });

  function draw(args: string[]): string {
    const result = wren(dir, ['graph', ...args]);
    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
    return result.stdout;
  }

  it('draws every concrete model with its fields, inherited ones included; the abstract parent is no table', function () {
    const text = draw([]);
    const graph = parseMermaid(text);
    expect(graph.tables).to.deep.equal(['Club', 'Membership', 'Person', 'Profile', 'Order']);
    expect(graph.bodies.get('Person')).to.deep.equal([
      'AutoField id PK', 'DateTimeField created', 'TextField note "nullable"', 'CharField name "CharField(100)"',
      'CharField email UK "CharField(200)"', 'ForeignKey manager FK "nullable"',
    ]);
    expect(graph.bodies.get('Profile')).to.deep.equal(['AutoField id PK', 'OneToOneField person FK, UK', 'TextField bio']);
    expect(graph.bodies.get('Order')).to.include('DecimalField total "DecimalField(10,2)"');
    expect(text).to.contain('%% Person: table graph_people; extends Stamped');
    expect(existsSync(path.join(dir, 'unused.sqlite3'))).to.equal(false);
  });

  it('draws keys, one-to-ones, self references and many-to-manys (with their through model) as edges', function () {
    const edges = parseMermaid(draw([])).edges.map((e) => `"${e.from}" ${e.detail} "${e.to}" : "${e.label}"`);
    expect(edges).to.deep.equal(MODEL_EDGES);
  });

  it('dot and svg show the same tables and edges', function () {
    const dot = parseDot(draw(['--format', 'dot']));
    expect(dot.tables).to.deep.equal(['Club', 'Membership', 'Person', 'Profile', 'Order']);
    expect(dot.edges.map((e) => `${e.from} -> ${e.to}: ${e.label}`)).to.deep.equal(MODEL_EDGES.map(asPair));
    expect(dot.bodies.get('Person')![0]).to.contain('extends Stamped').and.contain('<u>id</u>');
    const selfKey = dot.edges.find((e) => e.label === 'manager (reports)')!;
    expect(selfKey.detail).to.match(/tailport="r5:e", headport="l0:w", arrowtail=crowodot, arrowhead=teeodot/);
    expect(dot.edges.find((e) => e.label.startsWith('members'))!.detail).to.contain('style=dashed');
    const svg = draw(['--format', 'svg']);
    assertWellFormedSvg(svg);
    const drawn = parseSvg(svg);
    // Graphviz writes nodes and edges in its own order.
    expect([...drawn.tables].sort()).to.deep.equal(['Club', 'Membership', 'Order', 'Person', 'Profile']);
    expect(drawn.edges.map((e) => `${e.from} -> ${e.to}`).sort()).to.deep.equal(MODEL_EDGES.map((edge) => asPair(edge).replace(/:.*/, '')).sort());
  });

  it('draws only the named apps; a key into a model left out says where it points', function () {
    const graph = parseMermaid(draw(['shop']));
    expect(graph.tables).to.deep.equal(['Order']);
    expect(graph.edges).to.deep.equal([]);
    expect(graph.bodies.get('Order')).to.include('ForeignKey buyer FK "to Person.id"');
    const bad = wren(dir, ['graph', 'shops']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/No app labelled 'shops'\. Did you mean 'shop'\?/);
  });

  it('--include and --exclude take Model or app.Model, comma-separated; unknown names list the choices', function () {
    const two = parseMermaid(draw(['--include', 'Person,people.club']));
    expect(two.tables).to.deep.equal(['Club', 'Person']);
    expect(two.edges.map((e) => e.label)).to.deep.equal(['members (clubs) through Membership', 'manager (reports)', 'friends (friendOf) via graph_people_friends']);
    const rest = parseMermaid(draw(['--exclude', 'Membership', '--exclude', 'shop.Order']));
    expect(rest.tables).to.deep.equal(['Club', 'Person', 'Profile']);
    const bad = wren(dir, ['graph', '--exclude', 'Persn']);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/Unknown model 'Persn'\. Did you mean 'Person'\? Choices are: people\.Club, people\.Membership, /);
  });

  it('refuses a format it cannot tell, and apps with --inspect', function () {
    const png = wren(dir, ['graph', '--output', 'models.png']);
    expect(png.status).to.equal(2);
    expect(png.stderr).to.match(/Cannot tell the format from 'models\.png': name it \.mmd, .*or give --format mermaid\|dot\|svg/);
    expect(existsSync(path.join(dir, 'models.png'))).to.equal(false);
    const unknown = wren(dir, ['graph', '--format', 'png']);
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/Allowed choices are mermaid, dot, svg/);
    const inspectApps = wren(dir, ['graph', '--inspect', 'people']);
    expect(inspectApps.status).to.equal(2);
    expect(inspectApps.stderr).to.match(/--inspect draws the database's tables, not apps: use --include people/);
  });

  it('--format wins over the extension', function () {
    const result = wren(dir, ['graph', '--format', 'dot', '--output', 'models.txt']);
    expect(result.status, result.stderr).to.equal(0);
    expect(readFileSync(path.join(dir, 'models.txt'), 'utf8')).to.match(/^\/\/ the models of apps people, shop, drawn by wren graph\ndigraph wren \{/);
  });
});

/** `"A" }o--|| "B" : "label"` -> `A -> B: label`. */
function asPair(edge: string): string {
  const [, from, to, label] = /^"(\w+)" \S+ "(\w+)" : "([^"]*)"$/.exec(edge)!;
  return `${from} -> ${to}: ${label}`;
}

// The same models as tables on each database: what --inspect shows of what Wren created.
for (const dialect of DIALECTS) {
  describe(`wren graph --inspect of tables Wren created [${dialect}]`, function () {
    this.timeout(120_000);

    it('shows the self reference, the join tables and no table for the abstract parent', async function () {
      const dir = tempProject(`graph-created-${dialect}`, { 'people.ts': PEOPLE, 'shop.ts': SHOP });
      writeFileSync(path.join(dir, 'wren.config.ts'), modelsConfig(await freshDatabase(dialect, dir, 'cli_graph')));
      const create = 'const editor = new SchemaEditor(); for (const model of [Person, Profile, Club, Membership, Order]) await editor.createModel(model);';
      const created = wren(dir, ['shell', '-c', create]);
      expect(created.stderr).to.equal('');
      const result = wren(dir, ['graph', '--inspect']);
      expect(result.stderr).to.equal('');
      const graph = parseMermaid(result.stdout);
      expect([...graph.tables].sort()).to.deep.equal(['graph_clubs', 'graph_memberships', 'graph_orders', 'graph_people', 'graph_people_friends', 'graph_profiles']);
      expect(graph.edges.map((e) => `${e.from}.${e.label} ${e.detail} ${e.to}`).sort()).to.deep.equal([
        'graph_memberships.club_id }o--|| graph_clubs',
        'graph_memberships.person_id }o--|| graph_people',
        'graph_orders.buyer_id }o--|| graph_people',
        'graph_people.manager_id }o--o| graph_people',
        'graph_people_friends.from_person_id }o--|| graph_people',
        'graph_people_friends.to_person_id }o--|| graph_people',
        'graph_profiles.person_id |o--|| graph_people',
      ]);
      expect(graph.bodies.get('graph_people')!.some((line) => / email UK "[^"]*\(200\)"$/.test(line))).to.equal(true);
      expect(graph.bodies.get('graph_people')!.some((line) => / note "nullable"$/.test(line))).to.equal(true);
    });
  });
}

// Names a legacy database may well have, and words mermaid's lexer reads as keywords.
const column = (name: string, type: string, extra: Partial<GraphColumn> = {}): GraphColumn => ({ name, type, typeArgs: '', pk: false, unique: false, nullable: false, ...extra });
const HOSTILE: ErGraph = {
  title: 'names with "quotes" %% and <markup>',
  tables: [
    { name: 'order "lines" & <more>', notes: ['a\\b'], columns: [column('pk', 'int(11) unsigned', { pk: true }), column('first name', 'character varying', { typeArgs: '10', nullable: true }), column('2fa', 'ÉTAT')] },
    { name: 'order_lines', notes: [], columns: [column('UK', 'int4', { unique: true }), column('fk', 'int4', { references: { table: 'to', column: 'id' } })] },
    { name: 'to', notes: [], columns: [column('id', 'int4', { pk: true })] },
    { name: 'one\\100%', notes: [], columns: [] },
  ],
  edges: [
    { from: 'order_lines', to: 'to', kind: 'foreignKey', label: 'fk "x"', cardinality: { from: 'zeroOrMore', to: 'exactlyOne' }, fromColumn: 'fk', toColumn: 'id' },
    { from: 'order "lines" & <more>', to: 'one\\100%', kind: 'manyToMany', label: '<tags>', through: { name: 'a&b', declared: true }, cardinality: { from: 'oneOrMore', to: 'zeroOrOne' } },
  ],
};

describe('wren graph renderers, on hostile names', function () {
  it('mermaid: only words its strictest grammar reads, with distinct entity names', async function () {
    const graph = parseMermaid(await renderGraph(HOSTILE, 'mermaid'));
    expect(graph.tables).to.deep.equal(["order 'lines' & <more>", 'order_lines', 'to', 'one_100_']);
    expect(graph.bodies.get("order 'lines' & <more>")).to.deep.equal(['int_11__unsigned pk_ PK', 'character_varying first_name "character varying(10), nullable"', 'ÉTAT _2fa']);
    expect(graph.bodies.get('order_lines')).to.deep.equal(['int4 UK_ UK', 'int4 fk_ FK']);
    expect(graph.edges.map((e) => `${e.from} ${e.detail} ${e.to} : ${e.label}`)).to.deep.equal([
      "order_lines }o--|| to : fk 'x'",
      "order 'lines' & <more> }|..o| one_100_ : <tags> through a&b",
    ]);
  });

  it('dot and svg: names quoted and escaped, so Graphviz draws them as given', async function () {
    const dot = await renderGraph(HOSTILE, 'dot');
    expect(parseDot(dot).tables).to.deep.equal(['order "lines" & <more>', 'order_lines', 'to', 'one_100%']);
    expect(dot).to.contain('<b>order &quot;lines&quot; &amp; &lt;more&gt;</b>').and.contain('a\\b').and.contain('label=<&lt;tags&gt; through a&amp;b>');
    const svg = await renderGraph(HOSTILE, 'svg');
    assertWellFormedSvg(svg);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]!));
    expect(texts).to.include.members(['order "lines" & <more>', 'one\\100%', 'first name', 'character varying(10)', 'a\\b', '<tags> through a&b']);
  });
});
