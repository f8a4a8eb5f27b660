import { createInterface } from 'node:readline/promises';
import { QuestionerError } from './errors.js';
import type { Literal } from './state/field-state.js';

/**
 * What makemigrations asks when the models alone cannot tell: was this a rename, and what goes
 * in existing rows for a new NOT NULL field. `similar` says the two definitions are identical.
 */
export interface Questioner {
  askRenameModel(app: string, oldName: string, newName: string, similar: boolean): Promise<boolean>;
  askRenameField(app: string, model: string, oldName: string, newName: string, similar: boolean): Promise<boolean>;
  /** `altering`: an existing nullable field becomes NOT NULL (its NULLs need the value). */
  askNotNullDefault(app: string, model: string, field: string, altering?: boolean): Promise<Literal>;
}

export interface QuestionerAnswers {
  /** `{ 'Author.name': 'fullName', Author: 'Writer' }`: the renames to make (anything else is not a rename). */
  readonly renames?: Readonly<Record<string, string>>;
  /** One-off defaults for new NOT NULL fields: `{ 'Author.age': 0 }`. */
  readonly defaults?: Readonly<Record<string, Literal>>;
}

/** Answers from options only, never blocking: renames and defaults given up front, "no" otherwise. */
export class NonInteractiveQuestioner implements Questioner {
  constructor(readonly answers: QuestionerAnswers = {}) {}

  async askRenameModel(_app: string, oldName: string, newName: string, _similar = false): Promise<boolean> {
    return this.answers.renames?.[oldName] === newName;
  }

  async askRenameField(_app: string, model: string, oldName: string, newName: string, _similar = false): Promise<boolean> {
    return this.answers.renames?.[`${model}.${oldName}`] === newName;
  }

  async askNotNullDefault(app: string, model: string, field: string, altering = false): Promise<Literal> {
    const given = this.answers.defaults?.[`${model}.${field}`];
    if (given !== undefined) return given;
    const what = altering ? `make ${app}.${model}.${field} non-nullable without a default: its NULL values need a replacement` : `add the non-nullable field '${field}' to ${app}.${model} without a default: the rows that exist need a value`;
    throw new QuestionerError(
      `Cannot ${what}.\n` +
        `Give the field a default, make it null: true, or pass a one-off default (defaults: { '${model}.${field}': ... }, ` +
        `or --default ${model}.${field}=VALUE on the command line), or run makemigrations on a terminal to be asked.`,
    );
  }
}

/** Asks on a terminal; renames given as options are taken without asking. */
export class InteractiveQuestioner extends NonInteractiveQuestioner {
  private readonly input: NodeJS.ReadableStream;
  private readonly output: NodeJS.WritableStream;

  constructor(options: QuestionerAnswers & { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream } = {}) {
    super(options);
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
  }

  override async askRenameModel(app: string, oldName: string, newName: string, similar: boolean): Promise<boolean> {
    if (await super.askRenameModel(app, oldName, newName)) return true;
    return similar && this.yesNo(`Was the model ${app}.${oldName} renamed to ${newName}? [y/N] `);
  }

  override async askRenameField(app: string, model: string, oldName: string, newName: string, similar: boolean): Promise<boolean> {
    if (await super.askRenameField(app, model, oldName, newName)) return true;
    return similar && this.yesNo(`Was ${model}.${oldName} renamed to ${model}.${newName}? [y/N] `);
  }

  override async askNotNullDefault(app: string, model: string, field: string, altering = false): Promise<Literal> {
    const given = this.answers.defaults?.[`${model}.${field}`];
    if (given !== undefined) return given;
    const answer = await this.ask(
      (altering
        ? `You are making ${model}.${field} non-nullable without a default; its NULL values need a replacement.\n`
        : `You are adding the non-nullable field '${field}' to ${model} without a default; the rows that exist need a value.\n`) +
        `Enter a one-off default (a number, true/false, null or text; empty to abort): `,
    );
    if (answer.trim() === '') throw new QuestionerError(`No default given for ${model}.${field}: makemigrations aborted`);
    return parseLiteral(answer.trim());
  }

  private async yesNo(question: string): Promise<boolean> {
    return /^y(es)?$/i.test((await this.ask(question)).trim());
  }

  private async ask(question: string): Promise<string> {
    const rl = createInterface({ input: this.input, output: this.output, terminal: false });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  }
}

/** `42` -> 42, `true`, `null`, `"x"` / `'x'` -> x; anything else is text as typed. */
export function parseLiteral(text: string): Literal {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  return quoted ? quoted[2]! : text;
}
