import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// Stylesheets in cascade order.
import './styles/base.css';
import './styles/shell.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/tables.css';
import './styles/figures.css';
import './styles/fleet.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
