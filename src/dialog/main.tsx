import { render } from 'preact';
import '../ui/base.css';

function Dialog() {
  return (
    <main style={{ padding: '16px' }}>
      <h1>Send for signature</h1>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Dialog />, root);
