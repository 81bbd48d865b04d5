// attune films: small JSON helpers shared by the builder and the review.
export async function call(method, url, body) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, opts);
  } catch (e) {
    return { status: 0, ok: false, data: null };
  }
  let data = null;
  try { data = await res.json(); } catch (e) { /* no body */ }
  return { status: res.status, ok: res.ok, data };
}

// message is what went wrong, in the server's words when it said.
export function message(r) {
  if (r.status === 0) return "We couldn't reach attune. Check the connection; your change will be tried again.";
  return (r.data && r.data.error && r.data.error.message) || "Something went wrong. Please try again.";
}

// debounce runs fn once, ms after the last call; flush runs it now.
export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => { clearTimeout(t); t = setTimeout(() => { t = null; fn(...args); }, ms); };
  d.flush = () => { if (t) { clearTimeout(t); t = null; return fn(); } return Promise.resolve(); };
  return d;
}

export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k) e.append(k);
  return e;
}
