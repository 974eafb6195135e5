import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UnreadBadge } from './ProjectBadges.tsx';

describe('UnreadBadge (project list and cards)', () => {
  it('says how many messages are new, and nothing when all are read', () => {
    const { container, rerender } = render(<UnreadBadge count={0} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<UnreadBadge count={1} />);
    expect(screen.getByText('1 nouveau message')).toBeInTheDocument();
    rerender(<UnreadBadge count={99} />);
    expect(screen.getByText('99 nouveaux messages')).toBeInTheDocument();
  });

  it('shows « 99+ » from 100, where the server stops counting', () => {
    render(<UnreadBadge count={100} />);
    expect(screen.getByText('99+ nouveaux messages')).toBeInTheDocument();
  });
});
