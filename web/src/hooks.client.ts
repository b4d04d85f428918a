import type { HandleClientError } from '@sveltejs/kit';
import { ApiError, errorMessage } from '$lib/api';

/** Errors nobody expected still reach the error page with words a person can act on. */
export const handleError: HandleClientError = ({ error, status }) => {
  if (error instanceof ApiError) return { message: errorMessage(error), code: error.code };
  console.error(error);
  return { message: status === 404 ? 'This page does not exist.' : 'Something went wrong on this page. Reload to try again.' };
};
