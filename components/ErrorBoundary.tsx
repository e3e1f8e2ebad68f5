import { Component, type ReactNode } from 'react';
import { log } from '@/lib/log';
import { t } from '@/lib/i18n/messages';

/** Last line of defence: logs, and shows the error in both languages instead of a blank frame. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error) {
    log.error('UI crashed', error);
  }

  render() {
    if (!this.state.error) return this.props.children;
    const message = this.state.error.message;
    return (
      <div className="notice error" role="alert">
        <p>{t('zh', 'error.internal', { message })}</p>
        <p>{t('en', 'error.internal', { message })}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          ↻
        </button>
      </div>
    );
  }
}
