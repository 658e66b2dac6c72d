/**
 * A component whose code is loaded when it first renders: its chunk (and what only it imports) is not
 * part of the dialog's initial load, which has a budget (test/unit/bundle-size.test.ts). Until it has
 * loaded, `fallback` renders with the same props. A chunk of the extension's own package fails to load
 * only when the extension was removed or reloaded under the page, and then the browser removes this
 * frame too, so the fallback is all there is to show meanwhile.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>, fallback: (props: P) => JSX.Element): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (Component) return;
      void load().then((component) => {
        loaded = component;
        setComponent(() => component);
      });
    }, []);
    return Component ? <Component {...props} /> : fallback(props);
  };
}
