// htm over Preact: tagged templates instead of JSX, so the sources need no
// compiler step of their own. Values are escaped as text by Preact; nothing
// here ever sets HTML from a string.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
