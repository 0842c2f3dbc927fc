// What Streamlit 1.67 offers no setting for; loaded once per browser tab by glossary/ui/head.py.
// NOTE: no less-than sign anywhere in this file: the sanitizer of st.html drops a script whose text
// has one before a letter or slash, so comparisons are written with the greater-than sign.
// The per-page part (language, page list) is read from window.__glossary on every use.
(() => {
  const cfg = () => window.__glossary || { lang: "pl", uiLang: "pl", pages: [], entryLangs: {} };

  const slugOf = (anchor) => {
    try {
      const url = new URL(anchor.getAttribute("href") || "", location.href);
      return url.origin === location.origin ? url.pathname.replace(/^\/+|\/+$/g, "") : null;
    } catch (err) {
      return null; // an entry's malformed link (hostile or mistyped) is left to the browser
    }
  };
  const setLang = (el, lang) => {
    if (lang && el.lang !== lang) el.lang = lang;
    if (!lang && el.hasAttribute("lang")) el.removeAttribute("lang");
  };

  // Language of parts. The html element speaks the page's content language (an entry's own `lang`;
  // Streamlit writes lang="en" into its index.html and never changes it). Inside it the interface's own
  // words speak the interface language: the containers keyed "ui-..." (entry_page.py), the demos, the
  // language bar, expander labels, the sidebar. A container keyed "content-xx" or "content-xx-…" (the add
  // page's preview, the index's excerpts and search snippets) speaks its entry's language, and a link
  // that names an entry (sidebar, related terms, results) that entry's language. Entry text itself is
  // never touched here.
  const UI_PARTS = [
    '[class*="st-key-ui-"]',
    '[class*="st-key-demo-"]',
    ".st-key-lang-bar",
    '[data-testid="stSidebar"]',
    '[data-testid="stExpander"] summary',
  ].join(",");
  const ENTRY_LINKS = '[data-testid="stSidebarNav"] a[href], a[data-testid="stPageLink-NavLink"]';
  const applyLangs = () => {
    const { lang, uiLang, entryLangs = {} } = cfg();
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    for (const el of document.querySelectorAll(UI_PARTS)) setLang(el, uiLang);
    for (const el of document.querySelectorAll('[class*="st-key-content-"]')) {
      const found = / st-key-content-([a-z]{2,3})[ -]/.exec(" " + el.className + " ");
      if (found) setLang(el, found[1]);
    }
    for (const a of document.querySelectorAll(ENTRY_LINKS)) setLang(a, entryLangs[slugOf(a)]);
  };

  // Streamlit 1.67 writes its widgets' own words in English and has no setting for them (no locale, no
  // uploader or multiselect texts). In the Polish interface they are replaced where they stand (text,
  // ARIA names, placeholders), only inside the framework's widgets listed below, and given back when
  // the reader switches to English. React leaves a replaced node alone until its own value changes, and
  // a new node is replaced by the next pass (the MutationObserver below).
  // Text is replaced only where no entry text can stand (a code block's lines are an entry's).
  const FRAMEWORK_TEXT = [
    '[data-testid="stFileUploader"]',
    '[data-testid="stMultiSelect"]',
    '[data-testid="stMultiSelectDropdown"]', // rendered apart from its widget, at the end of the body
    '[data-testid="stSelectboxVirtualDropdown"]',
    '[data-baseweb="popover"]',
  ].join(",");
  const FRAMEWORK = [
    FRAMEWORK_TEXT,
    '[data-testid="stSelectbox"]',
    '[data-testid="stElementToolbar"]',
    '[data-testid="stCode"]',
    '[data-testid="stSidebarCollapseButton"]',
    '[data-testid="stExpandSidebarButton"]',
  ].join(",");
  const POLISH = new Map([
    ["Upload", "Wybierz plik"],
    ["Drag and drop a file here", "Upuść plik tutaj"],
    ["Drag and drop files here", "Upuść pliki tutaj"],
    ["File type not allowed.", "Niedozwolony typ pliku."],
    ["file upload", "wybór pliku"],
    ["No results", "Brak wyników"],
    ["Select all", "Zaznacz wszystkie"],
    ["Clear all", "Wyczyść"],
    ["Selected values", "Wybrane"],
    ["Multiselect options", "Opcje"],
    ["Selectbox options", "Opcje"],
    ["Open", "Otwórz"],
    ["Choose an option", "Wybierz"],
    ["Choose options", "Wybierz"],
    ["Show data", "Pokaż dane"],
    ["Download as PNG", "Pobierz jako PNG"],
    ["Copy Vega-Lite spec", "Kopiuj specyfikację Vega-Lite"],
    ["Copied!", "Skopiowano"],
    ["Fullscreen", "Pełny ekran"],
    ["Close fullscreen", "Zamknij pełny ekran"],
    ["Copy to clipboard", "Kopiuj do schowka"],
    ["Collapse sidebar", "Zwiń panel boczny"],
    ["Expand sidebar", "Rozwiń panel boczny"],
  ]);
  const POLISH_PATTERNS = [
    [/^Remove (.+)$/, "Usuń: $1"],
    [/^Select (\d+) matches$/, "Zaznacz pasujące ($1)"],
    [
      /^You can only select up to (\d+) options?\. Remove an option first\.$/,
      "Najwyżej $1. Najpierw usuń któryś z wybranych.",
    ],
    [/^File is too large\. Maximum size is (\d+) bytes\.$/, "Plik jest za duży (najwyżej $1 B)."],
  ];
  const polish = (text) => {
    const trimmed = text.trim();
    if (POLISH.has(trimmed)) return text.replace(trimmed, POLISH.get(trimmed));
    for (const [english, said] of POLISH_PATTERNS) {
      if (english.test(trimmed)) return text.replace(trimmed, trimmed.replace(english, said));
    }
    return null;
  };
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  // {node} or {el, attr} -> the English it replaced; one map per tab (this file runs again on every page)
  const replaced = window.__glossaryReplaced || (window.__glossaryReplaced = new Map());
  const translateFramework = () => {
    if (cfg().uiLang !== "pl") {
      for (const [where, english] of replaced) {
        if (where.node && where.node.isConnected) where.node.data = english;
        else if (where.el && where.el.isConnected) where.el.setAttribute(where.attr, english);
      }
      replaced.clear();
      return;
    }
    for (const [where] of replaced) if (!(where.node || where.el).isConnected) replaced.delete(where);
    for (const root of document.querySelectorAll(FRAMEWORK_TEXT)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const said = polish(node.data);
        if (said !== null) {
          replaced.set({ node }, node.data);
          node.data = said;
        }
      }
    }
    for (const root of document.querySelectorAll(FRAMEWORK)) {
      for (const el of [root, ...root.querySelectorAll("[aria-label], [title], [placeholder]")]) {
        for (const attr of ATTRIBUTES) {
          const value = el.getAttribute(attr);
          const said = value && polish(value);
          if (said) {
            replaced.set({ el, attr }, value);
            el.setAttribute(attr, said);
          }
        }
      }
    }
  };

  const applyPage = () => {
    applyLangs();
    translateFramework();
    // A code block that scrolls sideways must be reachable by keyboard to be scrolled.
    for (const pre of document.querySelectorAll('[data-testid="stCode"] pre:not([tabindex])')) {
      pre.setAttribute("tabindex", "0");
    }
    // A chart wider than a phone scrolls inside its box (head.css): the box must take focus too.
    for (const box of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
      if (!scrolls && box.hasAttribute("tabindex")) box.removeAttribute("tabindex");
    }
    // The search status line (result count) is announced when its text changes.
    for (const box of document.querySelectorAll(".st-key-status")) {
      if (box.getAttribute("role") !== "status") {
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
      }
    }
  };
  applyPage();
  if (window.__glossaryHead) return;
  window.__glossaryHead = true;

  const inAppSlug = (anchor) => {
    const slug = slugOf(anchor);
    return slug !== null && cfg().pages.includes(slug) ? new URL(anchor.href, location.href) : null;
  };
  const MARKDOWN_LINKS = '[data-testid="stMarkdownContainer"] a[href]';

  // Links between entries inside entry text: Streamlit's markdown gives every link target=_blank
  // (only "#..." links are spared). An in-app link instead switches the page in this tab the way
  // the browser's Back/Forward does (a popstate that Streamlit's router handles), keeping the session.
  const sameTab = () => {
    for (const a of document.querySelectorAll(MARKDOWN_LINKS + '[target="_blank"]')) {
      if (inAppSlug(a)) {
        a.removeAttribute("target");
        a.removeAttribute("rel");
      }
    }
  };
  document.addEventListener(
    "click",
    (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      const a = ev.target.closest && ev.target.closest(MARKDOWN_LINKS);
      const url = a && inAppSlug(a);
      if (!url) return;
      ev.preventDefault();
      ev.stopPropagation();
      history.pushState({}, "", url.pathname + url.search + url.hash);
      window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
    },
    true,
  );

  // NOTE: on a page switch Streamlit 1.67 first drops the old page's URL-bound parameters with a
  // pushState to the *same* path ("/?q=x" -> "/"), then pushes the new path: Back then lands on "/"
  // and the search is lost. A same-path push becomes a replace, and if a page switch follows within
  // two seconds the entry gets back the address it had, so Back returns to "/?q=x".
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  let dropped = null;
  history.pushState = (state, title, url) => {
    let next;
    try {
      next = new URL(url, location.href);
    } catch (err) {
      return push(state, title, url);
    }
    if (next.pathname === location.pathname) {
      dropped = { href: location.href, at: Date.now() };
      return replace(state, title, url);
    }
    if (dropped && 2000 > Date.now() - dropped.at) replace(history.state, "", dropped.href);
    dropped = null;
    return push(state, title, url);
  };

  // On a phone the open sidebar covers most of the screen: close it once an entry is chosen.
  document.addEventListener("click", (ev) => {
    const link = ev.target.closest && ev.target.closest('[data-testid="stSidebar"] a[href]');
    if (!link || window.innerWidth >= 768) return;
    setTimeout(() => {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 100);
  });

  window.addEventListener("resize", applyPage);
  new MutationObserver(() => {
    applyPage();
    sameTab();
  }).observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true, // React rewrites a text node in place (a widget's "Copied!" back to "Copy ...")
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
  sameTab();
})();
