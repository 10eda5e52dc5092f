// The editing interface's own code: served from /admin/ with Decap CMS (no CDN), started by hand so that
// everything below is registered first. config.yml and rules.json are generated at each build from schema/
// and data/ (alumni_stories/outputs/cms.py).
import { parse, parseDocument, Document } from './vendor/yaml/index.js';
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
// A batch's track named as the pages name it, for the list's summary ("Junior Diplomats, batch 17"): written
// into a hidden field when the file is read, never into the file (TRACK_NAME in alumni_stories/outputs/cms.py).
const TRACK_NAME = '_track_name';
CMS.registerCustomFormat('yaml-list', 'yml', {
  fromFile(text) {
    const { value, header } = readYaml(text);
    const entries = (value || []).map(item => {
      const names = item && typeof item === 'object' && !Array.isArray(item) && rules.names.tracks[item.track];
      return names && names.en ? { ...item, [TRACK_NAME]: names.en } : item;
    });
    return { entries, _header: header };
  },
  toFile(data) {
    const entries = (data.entries || []).map(item => {
      if (!item || typeof item !== 'object' || Array.isArray(item) || !(TRACK_NAME in item)) return item;
      const { [TRACK_NAME]: _named, ...kept } = item;
      return kept;
    });
    return writeYaml(entries, data._header);
  },
});

// --- An optional object (a portrait, a batch's period or note): every field required once any is filled ---
// The form leaves those fields optional (rules.together, from alumni_stories/outputs/cms.py): Decap would
// otherwise require the alt text of a photo nobody gave. Given, the object needs them all (the schema's rule,
// and the build's: a photo needs its texts in every language); empty, it is left out of the file.
function empty(value) {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value.every === 'function' && typeof value.size === 'number') return value.every(empty);
  return false;
}
function together(data, rule, where, needed = false) {
  // Returns [data without empty objects, problems]; `path` may pass through lists ('*').
  const found = [];
  const walk = (value, path, trail) => {
    if (value === undefined || value === null) return value;
    const [head, ...rest] = path;
    if (head === '*') {
      if (typeof value.map !== 'function') return value;
      return value.map((item, index) => walk(item, rest, [...trail, index + 1]));
    }
    if (typeof value.has !== 'function' || !value.has(head)) return value;
    if (rest.length) return value.set(head, walk(value.get(head), rest, [...trail, head]));
    const object = value.get(head);
    if (!needed && empty(object)) return value.delete(head);
    for (const name of rule.required) {
      if (!object || typeof object.get !== 'function' || empty(object.get(name))) {
        found.push(`${where}${trail.length ? ` (entry ${trail.filter(t => typeof t === 'number').join('.')})` : ''} ` +
                   `[${[...trail.filter(t => typeof t !== 'number'), head, name].join('.')}]: ` +
                   `${rule.label} › ${rule.labels[name]} is required once ${rule.label} is given -> ` +
                   `fill in ${rule.labels[name]}, or empty every field of ${rule.label}`);
      }
    }
    return value;
  };
  return [walk(data, rule.path, []), found];
}
export function optionalObjects(entry, collection, where) {
  // The entry with empty optional objects left out, and what is missing in a given one, in every language.
  const found = [];
  let data = entry.get('data');
  for (const rule of rules.together[collection] || []) {
    const [kept, missing] = together(data, rule, where(DEFAULT_LANGUAGE));
    data = kept;
    found.push(...missing);
  }
  entry = entry.set('data', data);
  const translations = entry.get('i18n');
  if (translations) {
    for (const [language, translated] of translations.entrySeq().toArray()) {
      let tdata = translated.get('data');
      if (!tdata) continue;
      for (const rule of rules.together[collection] || []) {
        // The photo is given once, in English: its texts are then needed in every language.
        const given = rule.path.length === 1 && data.getIn([...rule.path, 'file']);
        const [kept, missing] = together(tdata, { ...rule, required: rule.required.filter(n => n !== 'file') },
                                         where(language), Boolean(given));
        tdata = kept;
        found.push(...missing);
      }
      entry = entry.setIn(['i18n', language, 'data'], tdata);
    }
  }
  return [entry, found];
}
const DEFAULT_LANGUAGE = 'en';

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
    const slug = data.get('slug');
    const where = collection === 'stories' ? language => `stories/${slug}.${language}.md` : () => `data/${collection}.yml`;
    const [checked, missing] = optionalObjects(entry.set('data', data), collection, where);
    const found = [...missing];
    if (collection === 'stories') found.push(...storyProblems(checked.get('data')), ...translationProblems(checked));
    if (found.length) throw new Error(`Not saved: ${found.join('; ')}`);
    // Decap keeps what is returned as the entry's data (registry.invokeEvent): the default language's only.
    return checked.get('data');
  },
});

// --- Decap's own "you've missed a required field" names no field: the notice says which, and the form scrolls
// to the first. Decap marks each such field with its message ("Name is required."); they are read from the form.
function nameMissingFields(toast) {
  const errors = [...document.querySelectorAll('[class*="ControlErrorsList"] li')].filter(li => li.textContent.trim());
  if (!errors.length || toast.dataset.named) return;
  toast.dataset.named = 'true';
  const said = [...new Set(errors.map(li => li.textContent.trim()))];
  const line = document.createElement('p');
  line.className = 'missing-fields';
  line.textContent = `Missing: ${said.join(' ')}`;
  (toast.querySelector('.Toastify__toast-body') || toast).appendChild(line);
  errors[0].scrollIntoView({ block: 'center' });
}
// --- The Japanese pane's hints in Japanese: Decap gives a field one hint (the schema's English words); in a pane
// writing in Japanese (its locale button says "Writing in JA") each hint's text becomes rules.hints_ja's, by field
// name (the label's `for`, "<name>-field-<n>"). Only the text nodes change: React keeps its own nodes.
function japaneseHints() {
  for (const button of document.querySelectorAll('button, [role="button"]')) {  // Decap's dropdown: a role
    if (button.textContent.trim() !== 'Writing in JA') continue;
    const pane = button.closest('[class*="ControlPaneContainer"]');
    if (!pane) continue;
    for (const hint of pane.querySelectorAll('[class*="ControlHint"]')) {
      const label = hint.parentElement && hint.parentElement.querySelector('label[for]');
      const name = label ? label.getAttribute('for').replace(/-field-\d+$/, '') : '';
      const text = (rules.hints_ja || {})[name];
      if (!text || hint.textContent === text) continue;
      const walker = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      if (!nodes.length) continue;
      nodes.forEach((node, index) => { node.nodeValue = index === 0 ? text : ''; });
      hint.lang = 'ja';
    }
  }
}
new MutationObserver(() => {
  for (const toast of document.querySelectorAll('.Toastify__toast')) {
    if (/missed a required field/.test(toast.textContent)) nameMissingFields(toast);
  }
  japaneseHints();
}).observe(document.body, { childList: true, subtree: true, characterData: true });

registerPreviews(CMS, rules);

// --- Start: with the editing session's token on this computer, as before on the git host ---
// config.yml names the local backend without the session's token (no file the preview serves may hold it: any
// program on this computer can read them). `alumni-stories edit` printed the address with the token in a
// fragment; init.js kept it for this tab under TOKEN_KEY. It goes into the backend's address here
// (/<token>/api/v1, the path alumni_stories/cli/edit_lock.py checks), and Decap starts with that configuration
// instead of reading config.yml again (load_config_file: false; decap-cms-core's loadConfig). Without a token,
// or with one of an ended session, the page says what to open and asks the backend nothing. On the git host
// (no local_backend) Decap starts as it always did.
const TOKEN_KEY = 'alumni-stories-edit-token';

function storedToken() {
  try {
    const token = window.sessionStorage.getItem(TOKEN_KEY);
    return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
  } catch (error) {
    return null;  // storage refused
  }
}

function forgetToken() {
  try { window.sessionStorage.removeItem(TOKEN_KEY); } catch (error) { /* storage refused: nothing kept */ }
}

const NOTICE = {
  title: {
    en: 'Open the editing page from the address that `alumni-stories edit` printed',
    ja: '`alumni-stories edit` が表示したアドレスから編集ページを開いてください',
  },
  missing: {
    en: 'The editing page works only from the address shown in the terminal where the command runs, ' +
        '`{address}#token=…`: it carries this editing session\'s key. If the command is not running, run ' +
        '`alumni-stories edit` (or `scripts/edit.sh`) and open the address it prints. Keep that address to yourself.',
    ja: '編集ページは、コマンドを実行している端末に表示されるアドレス `{address}#token=…` から開いたときだけ使えます。' +
        'このアドレスには今回の編集セッションの鍵が含まれています。コマンドが動いていなければ ' +
        '`alumni-stories edit`（または `scripts/edit.sh`）を実行し、表示されたアドレスを開いてください。' +
        'アドレスは他の人に教えないでください。',
  },
  // The browser cannot tell a refusal (the lock answers it without CORS headers) from a server that is gone:
  // either way this tab's token is of no use any more (every start makes a new one).
  ended: {
    en: 'The address this tab was opened with belongs to an editing session that has ended or does not answer: ' +
        'the command was stopped or started again. If it is not running, run `alumni-stories edit` (or ' +
        '`scripts/edit.sh`); then open the address it printed this time.',
    ja: 'このタブを開いたアドレスの編集セッションは、すでに終わったか、応答していません（コマンドが止まったか、' +
        '起動し直されました）。コマンドが動いていなければ `alumni-stories edit`（または `scripts/edit.sh`）を' +
        '実行し、今回表示されたアドレスを開いてください。',
  },
};

// Text with `code` parts, as elements (never as HTML).
function withCode(element, text) {
  text.split('`').forEach((part, index) => {
    if (!part) return;
    if (index % 2) {
      const code = document.createElement('code');
      code.textContent = part;
      element.appendChild(code);
    } else {
      element.appendChild(document.createTextNode(part));
    }
  });
  return element;
}

function showNoSession(reason) {
  const address = `${window.location.origin}${window.location.pathname}`;
  const notice = document.createElement('main');
  notice.className = 'edit-session';
  notice.dataset.reason = reason;
  for (const language of ['en', 'ja']) {
    const section = document.createElement('section');
    section.lang = language;
    section.appendChild(withCode(document.createElement('h1'), NOTICE.title[language]));
    section.appendChild(withCode(document.createElement('p'), NOTICE[reason][language].replace('{address}', address)));
    notice.appendChild(section);
  }
  document.title = 'Editing: open the address the command printed / 表示されたアドレスを開いてください';
  document.body.appendChild(notice);
}

async function start() {
  const text = await fetch('config.yml', { credentials: 'same-origin' }).then(response => response.text());
  // As Decap parses it (decap-cms-core's parseConfig): aliases and merge keys allowed.
  const config = parse(text, { maxAliasCount: -1, merge: true });
  if (!config || !config.local_backend) {
    CMS.init();  // the git host: the configuration from config.yml, as Decap reads it
    return;
  }
  const token = storedToken();
  if (!token) {
    showNoSession('missing');
    return;
  }
  const backend = new URL(config.local_backend.url);
  backend.pathname = `/${token}${backend.pathname}`;
  // Decap asks the same question and, without an answer, falls back to the git host's login: a form that
  // cannot work here. Asked first, so a refused or absent backend is said in words.
  const answered = await fetch(backend.href, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'info' }),
  }).then(answer => answer.ok, () => false);
  if (!answered) {
    forgetToken();
    showNoSession('ended');
    return;
  }
  CMS.init({ config: { ...config, local_backend: { ...config.local_backend, url: backend.href }, load_config_file: false } });
}

await start();
