import { useEffect, useState } from "react";

/** A print button once JavaScript runs; before that (or without it), a hint to use the browser's print. */
export function PrintButton({ label = "印刷する" }: { label?: string }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <span className="muted">ブラウザの印刷機能（Ctrl+P）で印刷できます。</span>;
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {label}
    </button>
  );
}
