// Previews: the story as the site shows it, in the language of the pane (English or Japanese side by side). The
// words are the site's own (data/strings.yml, handed over in rules.json) and are put together as the site puts
// them (alumni_stories/site/formatting.py: format_track_batch, format_period; views.py: the name with its
// honorific, the story's line): 「…氏」 after the name in Japanese, "2023年2月〜2024年1月", never "2023-02年".
const DEFAULT_LANGUAGE = 'en';

function say(strings, key, values = {}) {
  const text = strings[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function englishOrdinal(number) {
  // As formatting.english_ordinal: 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st.
  if (number % 100 >= 10 && number % 100 <= 20) return `${number}th`;
  return `${number}${({ 1: 'st', 2: 'nd', 3: 'rd' })[number % 10] || 'th'}`;
}

export function trackBatch(strings, track, number) {
  const batch = say(strings, 'batch_ordinal', { number, ordinal: englishOrdinal(Number(number)) });
  return say(strings, 'track_batch', { track, batch });
}

export function formatDay(language, value) {
  // As formatting.format_date (Babel's long date of en_GB and ja_JP): 29 September 2019, 2019年9月29日.
  const [year, month, day] = String(value || '').trim().split('-').map(Number);
  if (!year || !month || !day) return String(value || '');
  const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

function point(strings, value) {
  const [year, month] = String(value).trim().split('-');
  if (!month) return { year: Number(year), month: null, text: say(strings, 'year', { year: Number(year) }) };
  const number = Number(month);
  return { year: Number(year), month: number,
           text: say(strings, 'year_month', { year: Number(year), month: number, month_name: say(strings, `month_${number}`) }) };
}

export function formatPeriod(strings, start, end) {
  if (start === undefined || start === null || String(start).trim() === '') return say(strings, 'period_unknown');
  const from = point(strings, start);
  if (end === undefined || end === null || String(end).trim() === '') return say(strings, 'period_open', { start: from.text });
  const to = point(strings, end);
  if (from.month === null && to.month === null) return say(strings, 'period_years', { start: from.year, end: to.year });
  return say(strings, 'period_range', { start: from.text, end: to.text });
}

export function registerPreviews(CMS, rules) {
  const h = window.h;
  CMS.registerPreviewStyle('../assets/stylesheets/stories.css');
  CMS.registerPreviewStyle('preview.css');
  const StoryPreview = props => {
    const { entry, widgetFor } = props;
    const language = props.locale || DEFAULT_LANGUAGE;
    const { story, getAsset } = wholeStory(props, language);
    // The pane's own texts, and only the facts written once in English (rules.neutral, the photo's file) from the
    // English side: a list such as the takeaways is the pane's own, never the two languages' lists together.
    let data = entry.get('data');
    if (language !== DEFAULT_LANGUAGE) {
      const english = story.get('data');
      for (const name of rules.neutral) {
        if (english && english.has(name)) data = data.set(name, english.get(name));
      }
      const file = english && english.getIn(['portrait', 'file']);
      if (file) data = data.setIn(['portrait', 'file'], file);
      const asOf = english && english.getIn(['current_role', 'as_of']);  // the role's date is written once
      if (asOf && data.get('current_role')) data = data.setIn(['current_role', 'as_of'], asOf);
    }
    const strings = rules.strings[language] || rules.strings[DEFAULT_LANGUAGE] || {};
    const country = (rules.names.countries[data.get('country')] || {})[language] || data.get('country') || '';
    const track = (rules.names.tracks[data.get('track')] || {})[language] || data.get('track') || '';
    const period = data.get('period');
    const role = data.get('current_role');
    const portrait = data.get('portrait');
    const file = portrait && portrait.get('file');
    const takeaways = data.get('takeaways');
    const name = data.get('name') || '';
    const honorific = data.get('honorific');
    const batch = data.get('batch');
    const line = say(strings, 'story_line', {
      country,
      batch: batch !== undefined && batch !== null && batch !== '' ? trackBatch(strings, track, batch) : '',
      period: period ? formatPeriod(strings, period.get('start'), period.get('end')) : say(strings, 'period_unknown'),
    });
    return h('article', { className: 'story-preview', lang: language },
      file ? h('img', { src: String(getAsset(file)), alt: portrait.get('alt') || '', className: 'story-preview__portrait' }) : null,
      h('h1', { className: 'story-name' }, honorific ? say(strings, 'name_with_honorific', { honorific, name }) : name),
      h('p', { className: 'story-preview__facts story-line' }, line),
      // The role with its date, as the page prints it (issue 26: no role without the date it was true).
      role ? h('p', { className: 'story-preview__role' }, role.get('title') || '', ' ',
        h('span', { className: 'story-asof' }, say(strings, 'role_as_of', { date: formatDay(language, role.get('as_of')) }))) : null,
      data.get('pull_quote') ? h('blockquote', { className: 'story-preview__quote' }, data.get('pull_quote')) : null,
      takeaways && takeaways.size ? h('section', { className: 'story-preview__takeaways' }, h('h2', {}, say(strings, 'takeaways')),
        h('ul', {}, takeaways.toArray().map((point, index) => h('li', { key: index }, point)))) : null,
      h('div', { className: 'story-preview__body' }, widgetFor('body')));
  };
  CMS.registerPreviewTemplate('stories', StoryPreview);
}

function wholeStory(props, language) {
  // Decap hands a translation's pane only that language's data (getPreviewEntry in decap-cms-core's
  // lib/i18n.js): the facts written once in English (country, track, batch, period, the slug and the
  // photo's file) are not in it, and neither can the photo be found from it (the collection's media folder
  // is stories/media/{{slug}}/). The story being edited, with its English data, is the editor's draft in
  // Decap's store, which Decap hands every preview as `state` (with `boundGetAsset`, its own way of finding
  // an entry's media). Neither is documented: tests/test_cms_browser.py opens a saved story in Japanese
  // first and fails if a Decap upgrade takes them away.
  const draft = props.state && props.state.entryDraft && props.state.entryDraft.get('entry');
  if (language === DEFAULT_LANGUAGE || !draft || !draft.get('data') || typeof props.boundGetAsset !== 'function') {
    if (language !== DEFAULT_LANGUAGE) console.warn('Preview: the English facts are not available to this pane');
    return { story: props.entry, getAsset: props.getAsset };
  }
  return { story: draft, getAsset: props.boundGetAsset(props.collection, draft) };
}
