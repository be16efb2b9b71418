// Words that came after a part of a large index was made (the build's kata-baru.json): a part's
// guard page holds every word of the archive its articles lack, as the archive was when the part
// was made, so that Pagefind answers a word the part lacks with nothing rather than with pages of
// a shorter word. Publishing does not make an unchanged part again for a new word; it lists the
// word's stem (as Pagefind indexes it), with the length from which a word typed at its start has
// no stem of the part beginning with it. For a word typed so, or one that begins with the stem
// (the stem with an ending), the part is not asked: it would answer nothing in a whole build.

const EDGES = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;  // the build's EDGES: punctuation at a word's ends

export function words(text) {
  return text.toLowerCase().split(/\s+/).map((word) => word.replace(EDGES, "")).filter(Boolean);
}

// Does a search for ``text`` find nothing in a part with these late stems ([stem, length] pairs)?
export function answersNothing(entries, text) {
  if (!entries || !entries.length) return false;
  return words(text).some((typed) => entries.some(([stem, length]) =>
    (typed.length >= length && stem.startsWith(typed)) || typed.startsWith(stem)));
}
