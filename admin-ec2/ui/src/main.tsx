import { render } from 'preact';
import { currentHref, navigate, startRouter } from '../../../web/src/lib/router';
import { onSessionEnded } from './api/admin-api';
import { App } from './app';
import { flashStore, loadMe, meStore } from './lib/session';
import { SCREENS } from './screens';
import './styles.css';

startRouter();
// Only a session the UI had can end: the first /me of a visit answering 401 just means "log in" (app.tsx).
onSessionEnded(() => {
  if (!meStore.get()) return;
  meStore.set(null);
  flashStore.set('Your session has ended. Log in again to carry on where you were.');
  navigate(`${SCREENS.login.path}?next=${encodeURIComponent(currentHref())}`, { replace: true });
});
loadMe().catch(() => {
  flashStore.set('We could not reach the admin server. Check your connection and reload the page.');
  meStore.set(null);
});
render(<App />, document.getElementById('app')!);
