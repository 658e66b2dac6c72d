import { render } from 'preact';
import '../ui/base.css';

function Options() {
  return (
    <main style={{ maxWidth: '640px', margin: '24px auto', padding: '0 16px' }}>
      <h1>SignBridge options</h1>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
