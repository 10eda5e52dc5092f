// The editing interface's own code: served from /admin/ with Decap CMS (no CDN), started by hand so that
// everything below is registered first. config.yml and rules.json are generated at each build from schema/
// and data/ (alumni_stories/outputs/cms.py).
import { parseDocument, Document } from './vendor/yaml/index.js';
import { registerPreviews } from './previews.js';

const rules = await fetch('rules.json').then(response => response.json());

// --- Data files whose top level is a mapping (countries, tracks, sources) or a list (batches, facts) ---
// A form edits named fields, so both become a list of entries; a mapping's keys become each entry's `key`.
// The comment block at the top of the file is kept.
function readYaml(text) {
  const doc = parseDocument(text || '');
  if (doc.errors.length) throw new Error(`YAML: ${doc.errors.map(error => error.message).join('; ')}`);
  return { value: doc.toJS(), header: doc.commentBefore || '' };
}
function writeYaml(value, header) {
  const doc = new Document(value);
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}
CMS.registerCustomFormat('yaml-keyed', 'yml', {
  fromFile(text) {
    const { value, header } = readYaml(text);
    const entries = Object.entries(value || {}).map(([key, item]) =>
      item && typeof item === 'object' && !Array.isArray(item) ? { key, ...item } : { key, value: item });
    return { entries, _header: header };
  },
  toFile(data) {
    const mapping = {};
    for (const { key, ...item } of data.entries || []) {
      mapping[key] = Object.keys(item).length === 1 && 'value' in item ? item.value : item;
    }
    return writeYaml(mapping, data._header);
  },
});
CMS.registerCustomFormat('yaml-list', 'yml', {
  fromFile(text) {
    const { value, header } = readYaml(text);
    return { entries: value || [], _header: header };
  },
  toFile(data) {
    return writeYaml(data.entries || [], data._header);
  },
});

// --- Before a save: what a form field cannot check, refused with the words of `alumni-stories check` ---
function coerce(value, path) {
  // A year typed into a text field is written as a number (2006), a year and month as text ("2006-04").
  if (value === undefined || value === null) return value;
  if (!path.length) return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  const [head, ...rest] = path;
  if (head === '*') return typeof value.map === 'function' ? value.map(item => coerce(item, rest)) : value;
  return typeof value.has === 'function' && value.has(head) ? value.set(head, coerce(value.get(head), rest)) : value;
}
function sortKey(value) {
  const text = String(value);
  const [year, month] = text.split('-');
  return Number(year) * 100 + (month ? Number(month) : 0);
}
function problem(slug, field, values = {}) {
  const { message, fix } = rules.messages[field];
  const said = message.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  return `stories/${slug}.en.md [${field}]: ${said} -> ${fix}`;
}
export function storyProblems(data) {
  const found = [];
  const slug = data.get('slug');
  const track = data.get('track');
  const batch = data.get('batch');
  if (track && batch !== undefined && batch !== null && batch !== '' &&
      !(rules.batches[track] || []).includes(Number(batch))) {
    found.push(problem(slug, 'batch', { batch, track }));
  }
  const period = data.get('period');
  if (period && period.get('start') != null && period.get('end') != null &&
      sortKey(period.get('end')) < sortKey(period.get('start'))) {
    found.push(problem(slug, 'period'));
  }
  return found;
}
CMS.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => {
    const collection = entry.get('collection');
    let data = entry.get('data');
    for (const path of rules.coerce[collection === 'data' ? entry.get('slug') : collection] || []) {
      data = coerce(data, path);
    }
    if (collection === 'stories') {
      const found = storyProblems(data);
      if (found.length) throw new Error(`Not saved: ${found.join('; ')}`);
    }
    return data;
  },
});

registerPreviews(CMS, rules);
CMS.init();
