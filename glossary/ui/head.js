// What Streamlit 1.67 offers no setting for; loaded once per browser tab by glossary/ui/head.py.
// NOTE: no less-than sign anywhere in this file: the sanitizer of st.html drops a script whose text
// has one before a letter or slash, so comparisons are written with the greater-than sign.
// The per-page part (language, page list) is read from window.__glossary on every use.
(() => {
  const cfg = () => window.__glossary || { lang: "pl", uiLang: "pl", pages: [] };

  // The html element's lang: the language of the page's content (an entry's own `lang`), the sidebar in the
  // interface language. Streamlit writes lang="en" into its index.html and never changes it.
  const applyPage = () => {
    const { lang, uiLang } = cfg();
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (sidebar && sidebar.lang !== uiLang) sidebar.lang = uiLang;
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
    let url;
    try {
      url = new URL(anchor.getAttribute("href") || "", location.href);
    } catch (err) {
      return null; // an entry's malformed link (hostile or mistyped) is left to the browser
    }
    if (url.origin !== location.origin) return null;
    const slug = url.pathname.replace(/^\/+|\/+$/g, "");
    return cfg().pages.includes(slug) ? url : null;
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
  }).observe(document.body, { childList: true, subtree: true });
  sameTab();
})();
