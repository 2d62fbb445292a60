// Instant search where JavaScript runs. Without it, each search form still leads to the A–Z index
// (recherche/), a plain page. Pagefind's files are fetched the first time someone searches, not before.
// Results are built as DOM nodes (text only, <mark> kept): nothing from the index is inserted as HTML.

const root = new URL("../../", import.meta.url);
const LIMIT = 8;
let engine = null;

function pagefind() {
  if (engine === null) {
    engine = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      await module.options({ excerptLength: 18 });
      module.init();
      return module;
    });
  }
  return engine;
}

function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html"); // inert: never shown
  const out = document.createElement("span");
  out.className = "excerpt";
  for (const node of parsed.body.firstElementChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(node.textContent);
    }
  }
  return out;
}

function plural(count, one, many) {
  return count < 2 ? `${count} ${one}` : `${count} ${many}`;
}

function result(data) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = new URL(data.meta.link, root).href;
  link.textContent = data.meta.title;
  const about = document.createElement("span");
  about.className = "kind";
  about.textContent = data.meta.where ? `${data.meta.kind}, ${data.meta.where}` : data.meta.kind;
  item.append(link, " ", about, document.createElement("br"), excerpt(data.excerpt));
  return item;
}

async function run(form, output, status, query) {
  const words = query.trim();
  if (words.length < 2) {
    output.replaceChildren();
    status.textContent = "";
    return;
  }
  let found;
  try {
    found = await (await pagefind()).debouncedSearch(words, {}, 250);
  } catch {
    engine = null; // try again on the next key
    status.textContent = "La recherche instantanée ne répond pas : le bouton Chercher mène à l'index de A à Z.";
    form.addEventListener("submit", () => form.submit(), { once: true });
    return;
  }
  if (found === null || form.elements.q.value.trim() !== words) return; // a newer search replaced this one
  const shown = await Promise.all(found.results.slice(0, LIMIT).map((r) => r.data()));
  const count = document.createElement("p");
  count.className = "count-line";
  count.textContent = found.results.length
    ? `${plural(found.results.length, "résultat", "résultats")} pour « ${words} »`
    : `Aucun résultat pour « ${words} ». Essayez un autre mot, ou cherchez dans l'index de A à Z.`;
  const list = document.createElement("ul");
  list.className = "results";
  list.append(...shown.map(result));
  const index = document.createElement("a");
  index.href = new URL("recherche/", root).href;
  index.textContent = "Tout voir de A à Z";
  const more = document.createElement("p");
  more.append(index);
  output.replaceChildren(count, ...(shown.length ? [list] : []), more);
  status.textContent = count.textContent; // read once by screen readers, not the whole list
}

for (const form of document.querySelectorAll("form[data-search]")) {
  const output = document.getElementById(`${form.dataset.search}-resultats`);
  const status = document.getElementById(`${form.dataset.search}-etat`);
  const input = form.elements.q;
  if (!output || !status || !input) continue;
  input.addEventListener("input", () => run(form, output, status, input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(form, output, status, input.value);
  });
  const asked = new URLSearchParams(location.search).get("q");
  if (asked && form.dataset.page === "index") {
    input.value = asked;
    run(form, output, status, asked);
  }
}
