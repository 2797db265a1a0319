import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installNavigationGuard } from './guard';
import './i18n';
import './styles.css';
import { App } from './App';

installNavigationGuard();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
