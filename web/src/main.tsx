import { render } from 'preact';
import { loadCart, loadCategories, loadUser } from './api/shop';
import { App } from './app';
import { startRouter } from './lib/router';
import './styles.css';

startRouter();
// Who is signed in, their cart and the category list are needed by every page: start them at once.
loadUser().catch(() => {});
loadCart().catch(() => {});
loadCategories().catch(() => {});
render(<App />, document.getElementById('app')!);
