/** Password and activation rules, shared by server code and the forms that explain them. */
export const MIN_PASSWORD_LENGTH = 12;
export const ACTIVATION_DAYS = 7;
