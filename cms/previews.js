// Previews: the story as the site shows it, in the language of the pane (English or Japanese side by side).
const WORDS = {
  en: { batch: (n, track) => `${track}, batch ${n}`, period: (a, b) => `${a}–${b}`, role: 'Now', takeaways: 'Key points' },
  ja: { batch: (n, track) => `${track} 第${n}期`, period: (a, b) => `${a}年〜${b}年`, role: '現在', takeaways: 'ポイント' },
};

export function registerPreviews(CMS, rules) {
  const h = window.h;
  CMS.registerPreviewStyle('../assets/stylesheets/stories.css');
  CMS.registerPreviewStyle('preview.css');
  const english = new Map();  // entry path or 'new' -> the English data: a translation's pane shows its facts too
  const StoryPreview = ({ entry, widgetFor, getAsset }) => {
    const language = paneLanguage(entry);
    const key = entry.get('path') || 'new';
    if (language === 'en') english.set(key, entry.get('data'));
    const facts = english.get(key) || entry.get('data');
    const data = language === 'en' ? entry.get('data') : facts.mergeDeep(entry.get('data'));
    const words = WORDS[language] || WORDS.en;
    const name = (rules.names.countries[data.get('country')] || {})[language] || data.get('country') || '';
    const track = (rules.names.tracks[data.get('track')] || {})[language] || data.get('track') || '';
    const period = data.get('period');
    const role = data.get('current_role');
    const portrait = data.get('portrait');
    const file = portrait && portrait.get('file');
    const takeaways = data.get('takeaways');
    return h('article', { className: 'story-preview', lang: language },
      file ? h('img', { src: String(getAsset(file)), alt: portrait.get('alt') || '', className: 'story-preview__portrait' }) : null,
      h('h1', {}, [data.get('honorific'), data.get('name')].filter(Boolean).join(' ')),
      h('p', { className: 'story-preview__facts' },
        [name, data.get('batch') ? words.batch(data.get('batch'), track) : null,
         period ? words.period(period.get('start') ?? '', period.get('end') ?? '') : null].filter(Boolean).join(' · ')),
      role ? h('p', { className: 'story-preview__role' }, `${words.role}: ${role.get('title') || ''}`) : null,
      data.get('pull_quote') ? h('blockquote', { className: 'story-preview__quote' }, data.get('pull_quote')) : null,
      takeaways && takeaways.size ? h('section', {}, h('h2', {}, words.takeaways),
        h('ul', {}, takeaways.toArray().map((point, index) => h('li', { key: index }, point)))) : null,
      h('div', { className: 'story-preview__body' }, widgetFor('body')));
  };
  CMS.registerPreviewTemplate('stories', StoryPreview);
}

function paneLanguage(entry) {
  // Decap hands a translation's pane the entry with `data` set to that language's data (getPreviewEntry).
  const translations = entry.get('i18n');
  if (translations) {
    for (const [language, translated] of translations.entrySeq().toArray()) {
      if (translated.get('data') === entry.get('data')) return language;
    }
  }
  return 'en';
}
