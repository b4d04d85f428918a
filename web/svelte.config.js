import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * A single-page app built to static files that the API process serves (services/src/http/web.ts).
 * Every page renders in the browser and talks to the API over HTTP, so no page is prerendered:
 * the fallback (index.html) boots the app for any path, and the server sends it for every
 * non-/api page, which is what makes /c/<id>?t=… and /x/<token> work on reload.
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: true, strict: true }),
  },
};

export default config;
