export function Popup() {
  return (
    <main>
      <h1>
        <img src="/icons/48.png" alt="" /> SignBridge
      </h1>
      <p class="muted">Send the documents on your CRM and DMS pages for signature with DocuSign.</p>
    </main>
  );
}
