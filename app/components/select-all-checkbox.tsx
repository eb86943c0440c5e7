import { useEffect, useState } from "react";

/**
 * A header checkbox that ticks every `name` checkbox of a form. It appears once JavaScript runs;
 * without it the page offers a 「全員を選択」 link instead.
 */
export function SelectAllCheckbox({ formId, name, label }: { formId: string; name: string; label: string }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <span className="visually-hidden">選択</span>;
  const boxes = () => Array.from(document.querySelectorAll<HTMLInputElement>(`#${formId} input[type="checkbox"][name="${name}"]`));
  return (
    <input
      type="checkbox"
      aria-label={label}
      onChange={(event) => {
        for (const box of boxes()) box.checked = event.currentTarget.checked;
      }}
    />
  );
}
