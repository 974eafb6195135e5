import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link, type LinkProps } from './Link.tsx';
import { Spinner } from './icons.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

// Every button is at least 44 px high (tap target); colours reach 4.5:1.
const variants: Record<ButtonVariant, string> = {
  primary: 'bg-brand-700 text-white shadow-sm hover:bg-brand-800 active:bg-brand-900 disabled:bg-brand-800',
  secondary: 'border border-gray-400 bg-white text-gray-900 shadow-sm hover:bg-gray-50 hover:border-gray-500',
  danger: 'bg-danger-700 text-white shadow-sm hover:bg-danger-800 disabled:bg-danger-800',
  ghost: 'text-brand-700 hover:bg-brand-50 hover:text-brand-800',
};

export function buttonClass(variant: ButtonVariant = 'secondary', extra = '') {
  return `inline-flex min-h-11 items-center justify-center gap-2 rounded-lg px-4 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-70 ${variants[variant]} ${extra}`;
}

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  loading?: boolean;
  icon?: ReactNode;
}

export function Button({ variant = 'secondary', loading = false, icon, className = '', children, disabled, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} disabled={disabled || loading} aria-busy={loading || undefined} className={buttonClass(variant, `${loading ? 'cursor-wait' : ''} ${className}`)} {...rest}>
      {loading ? <Spinner className="size-4" /> : icon}
      {children}
    </button>
  );
}

export function ButtonLink({ variant = 'secondary', className = '', icon, children, ...rest }: LinkProps & { variant?: ButtonVariant; icon?: ReactNode }) {
  return (
    <Link className={buttonClass(variant, className)} {...rest}>
      {icon}
      {children}
    </Link>
  );
}
