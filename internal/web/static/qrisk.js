// Shows the service's help message under a question as soon as a risk
// answer is chosen (PHQ-9 item 9 above "Not at all"), before anything is
// sent, and takes it away when the answer changes back.
document.addEventListener('change', (e) => {
  const input = e.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
  for (const box of document.querySelectorAll('.q-risk[data-risk-for]')) {
    if (box.dataset.riskFor !== input.name) continue;
    const risky = box.dataset.riskCodes.split(' ').includes(input.value);
    if (!risky) { box.replaceChildren(); continue; }
    if (box.querySelector('.q-risk-text')) continue;
    const p = document.createElement('p');
    p.className = 'q-risk-text';
    p.textContent = box.dataset.riskMessage;
    box.replaceChildren(p);
  }
});
