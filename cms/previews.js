// Previews: the story as the site shows it, in the language of the pane (English or Japanese side by side).
const WORDS = {
  en: { batch: (n, track) => `${track}, batch ${n}`, period: (a, b) => `${a}–${b}`, role: 'Now', takeaways: 'Key points' },
  ja: { batch: (n, track) => `${track} 第${n}期`, period: (a, b) => `${a}年〜${b}年`, role: '現在', takeaways: 'ポイント' },
};
const DEFAULT_LANGUAGE = 'en';

export function registerPreviews(CMS, rules) {
  const h = window.h;
  CMS.registerPreviewStyle('../assets/stylesheets/stories.css');
  CMS.registerPreviewStyle('preview.css');
  const StoryPreview = props => {
    const { entry, widgetFor } = props;
    const language = props.locale || DEFAULT_LANGUAGE;
    const { story, getAsset } = wholeStory(props, language);
    // The pane's own texts over the facts written once in English (the translation file has no facts).
    const data = language === DEFAULT_LANGUAGE ? entry.get('data') : story.get('data').mergeDeep(entry.get('data'));
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
