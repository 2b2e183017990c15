// Where the designer is (the route) and how it moves: pushState/popstate, with a guard that asks
// before a move would drop unsaved changes. The guard also covers back/forward: the URL is put back
// while the admin decides.
import { create } from "zustand";
import { parseRoute, type Route, routePath, sameRoute } from "./route.js";

export interface GoOptions {
  replace?: boolean;
  /** The flow the target shows when its route does not say (a call's flow). */
  flowId?: string | undefined;
}

interface Pending {
  route: Route;
  replace: boolean;
}

export interface NavState {
  route: Route;
  /** A move waiting for the admin: leave (dropping the unsaved changes) or stay. */
  pending: Pending | null;
  go(route: Route, opts?: GoOptions): void;
  leave(): void;
  stay(): void;
}

interface NavEnv {
  base: string;
  /** True when moving to `target` would drop unsaved changes. */
  wouldLose(target: Route, flowId: string | undefined): boolean;
  /** Called when the admin chose to leave without saving. */
  onDiscard(): void;
}

let env: NavEnv = { base: "/", wouldLose: () => false, onDiscard: () => {} };

const url = (r: Route) => `${routePath(r, env.base)}${location.search}`;
/** A link's href for a route (the page's query, which may carry the API address, kept). */
export const hrefOf = url;

export const useNav = create<NavState>((set, get) => ({
  route: { name: "home" },
  pending: null,
  go(route, opts = {}) {
    if (sameRoute(route, get().route)) return;
    if (env.wouldLose(route, opts.flowId)) {
      set({ pending: { route, replace: opts.replace ?? false } });
      return;
    }
    commit(route, opts.replace ?? false);
  },
  leave() {
    const p = get().pending;
    if (!p) return;
    env.onDiscard();
    commit(p.route, p.replace);
  },
  stay: () => set({ pending: null }),
}));

function commit(route: Route, replace: boolean) {
  if (replace) history.replaceState(null, "", url(route));
  else history.pushState(null, "", url(route));
  useNav.setState({ route, pending: null });
}

/** Starts routing from the page's URL (or `initial`, written into the URL); returns a stop function. */
export function startNav(e: NavEnv, initial?: Route): () => void {
  env = e;
  const first = initial ?? parseRoute(location.pathname, env.base);
  history.replaceState(null, "", url(first));
  useNav.setState({ route: first, pending: null });
  const onPop = () => {
    const target = parseRoute(location.pathname, env.base);
    const current = useNav.getState().route;
    if (env.wouldLose(target, undefined)) {
      // Put the URL back until the admin decides; leaving pushes the target again.
      history.pushState(null, "", url(current));
      useNav.setState({ pending: { route: target, replace: false } });
    } else useNav.setState({ route: target, pending: null });
  };
  window.addEventListener("popstate", onPop);
  return () => window.removeEventListener("popstate", onPop);
}
