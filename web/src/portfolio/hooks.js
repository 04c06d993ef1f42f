// portfolio/hooks.js - small hooks the pages share.
import { useEffect, useState } from "preact/hooks";

/** Whether a media query matches, kept up to date (the phone layout swaps the grid for an agenda). */
export function useMedia(query) {
  const [on, setOn] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const m = matchMedia(query);
    const change = () => setOn(m.matches);
    m.addEventListener("change", change);
    change();
    return () => m.removeEventListener("change", change);
  }, [query]);
  return on;
}
