// What a benchmark ran on: a short line for every results file, and the full list of versions for
// docs/benchmarks.md (ratios are the headline, but a reader must be able to tell machines apart).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { goaccessVersion } from '../measure/goaccess.js';

export interface MachineBrief {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
}

export function machineBrief(): MachineBrief {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** "2 cores (AMD EPYC), 23 GB RAM, Node v20.20.2" */
export function describeMachine(machine: MachineBrief): string {
  return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, Node ${machine.node}`;
}

const NODE_PACKAGES = ['onnxruntime-node', 'hnswlib-node', 'piscina', '@huggingface/transformers'];
const PYTHON_PACKAGES = ['torch', 'sentence-transformers', 'transformers', 'scikit-learn', 'numpy'];

/** Every version that can move a number on the page, as [name, version] rows. */
export function collectVersions(): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const root = new URL('../../', import.meta.url);
  const own = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
  rows.push(['semlog', `${own.version} (commit ${git(['rev-parse', '--short', 'HEAD'])}${codeChanged() ? ', with uncommitted code changes' : ''})`]);
  rows.push(['OS', `${osName()}, Linux ${release()}`]);
  rows.push(['Node.js', process.version]);
  for (const name of NODE_PACKAGES) {
    const pkg = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string };
    rows.push([name, pkg.version]);
  }
  rows.push(['GoAccess', goaccessVersion().replace(/^GoAccess /, '')]);
  rows.push(['Python', execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim()]);
  // A package that is not installed (re-rendering the page on a machine without the seed baselines'
  // environment) is said so, rather than failing the page.
  const script = `import importlib.metadata as m\nfor p in ${JSON.stringify(PYTHON_PACKAGES)}:\n  try: print(p, m.version(p))\n  except m.PackageNotFoundError: print(p, 'not-installed')`;
  for (const line of execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n')) {
    const [name = '', version = ''] = line.split(' ');
    rows.push([name, version]);
  }
  return rows;
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', cwd: new URL('../../', import.meta.url) }).trim();
}

/** Whether the working tree differs from the commit in anything but the files a benchmark run rewrites. */
function codeChanged(): boolean {
  // Not git(): trimming would cut the status column of the first line.
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8', cwd: new URL('../../', import.meta.url) });
  const paths = status.split('\n').map((line) => line.slice(3));
  return paths.some((path) => path !== '' && !/^(README\.md$|docs\/benchmarks\.md$|bench\/.*results[^/]*\.(md|json)$)/.test(path));
}

function osName(): string {
  const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return match?.[1] ?? 'unknown OS';
}
