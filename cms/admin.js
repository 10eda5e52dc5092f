// The editing interface's own code: served from /admin/ with Decap CMS (no CDN), started by hand so that
// everything below is registered first. config.yml and rules.json are generated at each build from schema/
// and data/ (alumni_stories/outputs/cms.py).
import { parseDocument, Document } from './vendor/yaml/index.js';
import { registerPreviews } from './previews.js';

const rules = await fetch('rules.json').then(response => response.json());

// --- Data files whose top level is a mapping (countries, tracks, sources) or a list (batches, facts) ---
// A form edits named fields, so both become a list of entries; a mapping's keys become each entry's `_key`
// (KEY in alumni_stories/outputs/cms.py).
// The comment block at the top of the file is kept.
function readYaml(text) {
  const doc = parseDocument(text || '');
  if (doc.errors.length) throw new Error(`YAML: ${doc.errors.map(error => error.message).join('; ')}`);
  // The comment block at the top belongs to the document, or (no blank line after it) to the first entry.
  const first = doc.contents && doc.contents.items && doc.contents.items[0];
  const header = doc.commentBefore || (first && ((first.key && first.key.commentBefore) || first.commentBefore)) || '';
  if (first && first.key && first.key.commentBefore === header) first.key.commentBefore = undefined;
  return { value: doc.toJS(), header };
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
      item && typeof item === 'object' && !Array.isArray(item) ? { _key: key, ...item } : { _key: key, value: item });
    return { entries, _header: header };
  },
  toFile(data) {
    const mapping = {};
    for (const { _key: key, ...item } of data.entries || []) {
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
function coerce(value, path, to) {
  // A whole number typed into a text field is written as a number (2006; "2006-04" stays text); a field
  // that may be null and was emptied is written as null.
  if (value === undefined || value === null) return value;
  if (!path.length) {
    if (typeof value !== 'string') return value;
    if (to === 'number' && /^-?\d+$/.test(value.trim())) return Number(value);
    if (to === 'null' && value.trim() === '') return null;
    return value;
  }
  const [head, ...rest] = path;
  if (head === '*') return typeof value.map === 'function' ? value.map(item => coerce(item, rest, to)) : value;
  return typeof value.has === 'function' && value.has(head) ? value.set(head, coerce(value.get(head), rest, to)) : value;
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
export function translationProblems(entry) {
  // The check refuses a translation without its required texts ("the field 'name' is missing"): say so
  // before an empty or partial translation file is written.
  const found = [];
  const slug = entry.getIn(['data', 'slug']);
  const translations = entry.get('i18n');
  if (!translations) return found;
  for (const [language, translated] of translations.entrySeq().toArray()) {
    const data = translated.get('data');
    for (const path of rules.translation_required) {
      const value = data && data.getIn(path);
      if (value === undefined || value === null || String(value).trim() === '') {
        found.push(`stories/${slug}.${language}.md [${path.join('.')}]: the field '${path[path.length - 1]}' is missing -> ` +
                   `write it in the ${language.toUpperCase()} pane`);
      }
    }
  }
  return found;
}
CMS.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => {
    const collection = entry.get('collection');
    let data = entry.get('data');
    for (const { path, to } of rules.coerce[collection] || []) {
      data = coerce(data, path, to);
    }
    if (collection === 'stories') {
      const found = [...storyProblems(data), ...translationProblems(entry)];
      if (found.length) throw new Error(`Not saved: ${found.join('; ')}`);
    }
    return data;
  },
});

registerPreviews(CMS, rules);
CMS.init();
