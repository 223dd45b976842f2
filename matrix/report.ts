import { installKeyboard, toggleSubs } from './keyboard';

/** The script `attack-kg report` inlines: the same keyboard and sub-technique toggles as /matrix, no network. */
for (const root of document.querySelectorAll<HTMLElement>('.matrix')) {
  installKeyboard(root);
  root.addEventListener('click', (event) => {
    const toggle = (event.target as HTMLElement).closest<HTMLElement>('.toggle');
    if (toggle) toggleSubs(toggle);
  });
}
