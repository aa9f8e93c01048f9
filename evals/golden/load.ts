import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { GoldenSchema, GoldenTask } from './task.js';

export const GOLDEN_DIR = fileURLToPath(new URL('.', import.meta.url));

/** A golden fixture file is a few kilobytes; anything this large is a mistake, not a fixture. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface LoadedGoldenTask extends GoldenTask {
  /** `<site>/<file name without .json>`, stable across runs. */
  id: string;
  /** The file it came from, relative to the golden directory. */
  file: string;
}

export interface LoadedGoldenSchema extends GoldenSchema {
  file: string;
}

/** Every `pages/<site>/<name>.json` under `dir`, validated; errors name the offending file. Sorted by id. */
export async function loadGoldenTasks(dir: string = GOLDEN_DIR): Promise<LoadedGoldenTask[]> {
  const root = resolve(dir);
  const files = await jsonFiles(join(root, 'pages'));
  if (files.length === 0) throw new Error(`No golden tasks found: ${join(root, 'pages')} holds no .json files`);
  const tasks: LoadedGoldenTask[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const name = relative(root, file).split(sep).join('/');
    const task = parseWith(GoldenTask, await readJson(file, name), name);
    const [, folder] = name.split('/');
    if (folder !== task.site) throw new Error(`Golden fixture ${name}: site "${task.site}" does not match its folder "${folder}"`);
    const key = `${task.site} ${task.path}`;
    const earlier = seen.get(key);
    if (earlier) throw new Error(`Golden fixture ${name} repeats site "${task.site}" path "${task.path}" already in ${earlier}`);
    seen.set(key, name);
    tasks.push({ ...task, id: name.replace(/^pages\//, '').replace(/\.json$/, ''), file: name });
  }
  return tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every `schemas/<type>.json` under `dir`: the schema a reviewer approved for that document type. */
export async function loadGoldenSchemas(dir: string = GOLDEN_DIR): Promise<LoadedGoldenSchema[]> {
  const root = resolve(dir);
  const schemas: LoadedGoldenSchema[] = [];
  for (const file of await jsonFiles(join(root, 'schemas'))) {
    const name = relative(root, file).split(sep).join('/');
    const schema = parseWith(GoldenSchema, await readJson(file, name), name);
    if (name !== `schemas/${schema.documentType}.json`) throw new Error(`Golden schema ${name} declares documentType "${schema.documentType}"; name the file schemas/${schema.documentType}.json`);
    schemas.push({ ...schema, file: name });
  }
  return schemas.sort((a, b) => (a.documentType < b.documentType ? -1 : 1));
}

async function jsonFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readJson(file: string, name: string): Promise<unknown> {
  const { size } = await stat(file);
  if (size > MAX_FILE_BYTES) throw new Error(`Golden fixture ${name} is ${size} bytes; the limit is ${MAX_FILE_BYTES}`);
  const text = await readFile(file, 'utf8');
  if (text.trim() === '') throw new Error(`Golden fixture ${name} is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`Golden fixture ${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ');
  throw new Error(`Golden fixture ${name} does not match the expected format: ${problems}`);
}
